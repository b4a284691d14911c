<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>RevealDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/pii/reveal_dialog.py" line="54"/>
        <source>Reporter identity – %1</source>
        <translation>举报人身份信息 – %1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/pii/reveal_dialog.py" line="60"/>
        <source>Reporter identity is personal information. Viewing it is recorded in the audit trail with your name, the time and your reason.</source>
        <translation>举报人身份属于个人信息。查看将连同您的姓名、时间和事由记入审计日志。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/pii/reveal_dialog.py" line="69"/>
        <source>e.g. call the reporter back about the result</source>
        <translation>例如：就处置结果回访举报人</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/pii/reveal_dialog.py" line="70"/>
        <source>&amp;Reason:</source>
        <translation>查看事由(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/pii/reveal_dialog.py" line="83"/>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/pii/reveal_dialog.py" line="84"/>
        <source>Phone:</source>
        <translation>电话：</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/pii/reveal_dialog.py" line="85"/>
        <source>ID number:</source>
        <translation>身份证号：</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/pii/reveal_dialog.py" line="93"/>
        <source>&amp;Reveal</source>
        <translation>查看(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/pii/reveal_dialog.py" line="96"/>
        <source>&amp;Hide now</source>
        <translation>立即隐藏(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/pii/reveal_dialog.py" line="138"/>
        <location filename="../../src/commandcenter/ui/pii/reveal_dialog.py" line="172"/>
        <source>Type why you need the identity (at least two letters).</source>
        <translation>请填写查看身份信息的事由（至少两个字）。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/pii/reveal_dialog.py" line="166"/>
        <source>Your role may not see reporters&apos; identity. An admin can grant it.</source>
        <translation>您的角色无权查看举报人身份信息，可由管理员授权。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/pii/reveal_dialog.py" line="168"/>
        <source>This case is outside your scope.</source>
        <translation>该案件不在您的管辖范围内。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/pii/reveal_dialog.py" line="169"/>
        <source>Sign in to see a reporter&apos;s identity.</source>
        <translation>请先登录再查看举报人身份信息。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/pii/reveal_dialog.py" line="170"/>
        <source>Not allowed.</source>
        <translation>无权操作。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/pii/reveal_dialog.py" line="174"/>
        <source>The identity key of this database is missing on this workstation; ask the administrator to restore it.</source>
        <translation>本工作站缺少该数据库的身份信息密钥，请联系管理员恢复。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/pii/reveal_dialog.py" line="177"/>
        <source>The stored identity is damaged and cannot be read.</source>
        <translation>存储的身份信息已损坏，无法读取。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/pii/reveal_dialog.py" line="178"/>
        <source>The identity could not be read: %1</source>
        <translation>无法读取身份信息：%1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/pii/reveal_dialog.py" line="187"/>
        <source>No identity is stored for this case (anonymous, or removed after the retention period).</source>
        <translation>该案件未存储身份信息（匿名举报，或已超过保存期限被删除）。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/pii/reveal_dialog.py" line="205"/>
        <source>Hidden again in %1 s</source>
        <translation>%1 秒后自动隐藏</translation>
    </message>
</context>
</TS>
