<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ConnectionBanner</name>
    <message>
        <location filename="../../src/commandcenter/ui/connection_banner.py" line="50"/>
        <source>Retry now</source>
        <translation>立即重试</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/connection_banner.py" line="69"/>
        <source>Database connection lost. The window is read-only: actions are refused until the connection is back (nothing is queued).</source>
        <translation>数据库连接已断开。窗口暂为只读：连接恢复之前不能办理任何操作（操作不会排队，需恢复后重新办理）。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/connection_banner.py" line="73"/>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/connection_banner.py" line="75"/>
        <source>Reconnecting automatically (attempt %1, in %2 s)…</source>
        <translation>正在自动重连（第 %1 次，%2 秒后）……</translation>
    </message>
</context>
</TS>
