<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActionController</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/actions.py" line="230"/>
        <source>Select a case first.</source>
        <translation>请先选择案件。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/actions.py" line="240"/>
        <source>“%1” is not available to %2 for case %3 (%4).</source>
        <translation>%2 不能对案件 %3（%4）执行“%1”。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/actions.py" line="244"/>
        <source>“%1” is not available to %2 for any of the %3 selected cases.</source>
        <translation>%2 不能对所选 %3 件案件中的任何一件执行“%1”。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/actions.py" line="286"/>
        <source>%1: %2 → %3</source>
        <translation>%1：%2 → %3</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/actions.py" line="294"/>
        <source>Case changed by someone else</source>
        <translation>案件已被他人修改</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/actions.py" line="318"/>
        <source>Action failed</source>
        <translation>操作失败</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/actions.py" line="355"/>
        <source>New case %1 recorded.</source>
        <translation>新案件 %1 已登记。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/actions.py" line="363"/>
        <source>Case %1 is not in the current view.</source>
        <translation>案件 %1 不在当前视图中。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/actions.py" line="370"/>
        <source>No case %1.</source>
        <translation>没有案件 %1。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/actions.py" line="377"/>
        <location filename="../../src/commandcenter/ui/board/actions.py" line="386"/>
        <source>New case</source>
        <translation>新建案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/actions.py" line="377"/>
        <location filename="../../src/commandcenter/ui/board/actions.py" line="388"/>
        <source>Command palette</source>
        <translation>命令面板</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/actions.py" line="387"/>
        <source>New case (%1)</source>
        <translation>新建案件（%1）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/actions.py" line="389"/>
        <source>Command palette (%1)</source>
        <translation>命令面板（%1）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/actions.py" line="390"/>
        <source>Acting &amp;as</source>
        <translation>当前身份(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/actions.py" line="391"/>
        <source>Acting as</source>
        <translation>当前身份</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/actions.py" line="392"/>
        <source>Who the actions are recorded for (until sign-in exists)</source>
        <translation>操作记录在谁的名下（登录功能上线前使用）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/actions.py" line="393"/>
        <location filename="../../src/commandcenter/ui/board/actions.py" line="394"/>
        <source>More actions</source>
        <translation>更多操作</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/actions.py" line="395"/>
        <source>Actions</source>
        <translation>操作</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/base.py" line="60"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/base.py" line="67"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/base.py" line="76"/>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/base.py" line="78"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/base.py" line="93"/>
        <source>Reason (required)</source>
        <translation>理由（必填）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/base.py" line="95"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/base.py" line="106"/>
        <source>A reason is required for this action.</source>
        <translation>此操作必须填写理由。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/base.py" line="141"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/base.py" line="150"/>
        <source>Case %1 · %2
%3
%4</source>
        <translation>案件 %1 · %2
%3
%4</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/base.py" line="160"/>
        <source>%1 cases selected: %2</source>
        <translation>已选 %1 件案件：%2</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/base.py" line="163"/>
        <source>%1 of %2 selected cases can take this action: %3
The others will be listed as refused.</source>
        <translation>所选 %2 件中有 %1 件可执行此操作：%3
其余案件将列为被拒绝。</translation>
    </message>
</context>
<context>
    <name>ActionMessages</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="27"/>
        <source>a reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="28"/>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="32"/>
        <source>the lead unit</source>
        <translation>主办单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="29"/>
        <source>the units</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="30"/>
        <source>the co-handling units</source>
        <translation>协办单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="31"/>
        <source>the summoned departments</source>
        <translation>被吹哨部门</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="33"/>
        <source>the minor class</source>
        <translation>小类</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="34"/>
        <source>the filing condition</source>
        <translation>立案条件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="35"/>
        <source>the handling time limit</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="36"/>
        <source>the parent case</source>
        <translation>主案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="37"/>
        <source>the extra time</source>
        <translation>延期时长</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="38"/>
        <source>the rating</source>
        <translation>评分</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="39"/>
        <source>the supervision level</source>
        <translation>督办级别</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="55"/>
        <source>“%1” is not possible while the case is “%2”.</source>
        <translation>案件处于“%2”状态，不能执行“%1”。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="61"/>
        <source>The case is not in a state that allows this (%1).</source>
        <translation>案件当前状态不允许此操作（%1）。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="66"/>
        <source>Acting as %1 you may not take the action “%2”.</source>
        <translation>以%1身份不能执行“%2”。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="73"/>
        <source>Unit %1 is not the unit that may take this action on this case.</source>
        <translation>单位 %1 无权对此案件执行该操作。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="77"/>
        <source>Missing: %1.</source>
        <translation>缺少：%1。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="82"/>
        <source>Not accepted: %1 (%2).</source>
        <translation>不予接受：%1（%2）。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="86"/>
        <source>an input</source>
        <translation>输入项</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="91"/>
        <source>Another operator changed the case first; nothing was written.</source>
        <translation>其他操作员已先修改此案件，本次操作未写入。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="95"/>
        <source>The case no longer exists.</source>
        <translation>案件已不存在。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="104"/>
        <source>%1  %2 by %3 (%4)</source>
        <translation>%1  %3（%4）%2</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="115"/>
        <source>Case %1 was changed by someone else while you were working on it. Your action was not saved; the board now shows the case as it is.</source>
        <translation>您处理期间，案件 %1 已被他人修改。您的操作未保存；调度台已显示案件的最新状态。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="125"/>
        <source>What changed:</source>
        <translation>变更内容：</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="132"/>
        <source>Give a title or a description of the problem.</source>
        <translation>请填写问题标题或描述。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="135"/>
        <source>The title is longer than 200 characters.</source>
        <translation>标题超过 200 个字符。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="138"/>
        <source>The address is required.</source>
        <translation>地址为必填项。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="139"/>
        <source>The address is longer than 200 characters.</source>
        <translation>地址超过 200 个字符。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="142"/>
        <source>Give both longitude and latitude, or neither.</source>
        <translation>经度和纬度须同时填写或同时留空。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="145"/>
        <source>The location is outside China: check longitude and latitude.</source>
        <translation>位置不在中国境内，请检查经纬度。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="148"/>
        <source>The name may contain only Chinese or Latin letters.</source>
        <translation>姓名只能包含汉字或拉丁字母。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="151"/>
        <source>Enter an 11-digit mobile number or a landline with its area code.</source>
        <translation>请输入 11 位手机号码，或带区号的固定电话。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/messages.py" line="154"/>
        <source>Not a valid 18-digit resident ID number (check digit).</source>
        <translation>不是有效的 18 位居民身份证号码（校验位错误）。</translation>
    </message>
</context>
<context>
    <name>BulkResultDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/results.py" line="44"/>
        <source>%1: results</source>
        <translation>%1：处理结果</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/results.py" line="48"/>
        <source>%1 of %2 cases done, %3 refused.</source>
        <translation>%2 件中完成 %1 件，拒绝 %3 件。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/results.py" line="54"/>
        <source>Result per case</source>
        <translation>逐案结果</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/results.py" line="55"/>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/results.py" line="55"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/results.py" line="56"/>
        <source>New state or reason</source>
        <translation>新状态或原因</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/results.py" line="63"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/results.py" line="63"/>
        <source>Refused</source>
        <translation>被拒绝</translation>
    </message>
</context>
<context>
    <name>CallbackDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/callback.py" line="22"/>
        <source>Callback result</source>
        <translation>回访结果</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/callback.py" line="24"/>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/callback.py" line="25"/>
        <source>Basically satisfied</source>
        <translation>基本满意</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/callback.py" line="26"/>
        <source>Dissatisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/callback.py" line="27"/>
        <source>Unreachable</source>
        <translation>无法联系</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/callback.py" line="30"/>
        <source>&amp;Result</source>
        <translation>结果(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/callback.py" line="33"/>
        <source>Dissatisfied through the &amp;unit&apos;s fault: redo the case</source>
        <translation>因承办单位原因不满意：重办(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/callback.py" line="35"/>
        <source>Unit&apos;s fault</source>
        <translation>承办单位责任</translation>
    </message>
</context>
<context>
    <name>CategorySearch</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/register.py" line="48"/>
        <source>Code, Chinese name or pinyin initials (e.g. bllj)</source>
        <translation>代码、中文名称或拼音首字母（如 bllj）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/register.py" line="49"/>
        <source>Category search</source>
        <translation>类别搜索</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/register.py" line="51"/>
        <source>Matching minor classes</source>
        <translation>匹配的小类</translation>
    </message>
</context>
<context>
    <name>CoHandlingDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/handling.py" line="49"/>
        <source>Co-handling units</source>
        <translation>协办单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/handling.py" line="50"/>
        <source>&amp;Units</source>
        <translation>单位(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/handling.py" line="57"/>
        <source>Choose at least one unit.</source>
        <translation>请至少选择一个单位。</translation>
    </message>
</context>
<context>
    <name>CommandPalette</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/palette.py" line="41"/>
        <location filename="../../src/commandcenter/ui/board/palette.py" line="42"/>
        <source>Command palette</source>
        <translation>命令面板</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/palette.py" line="46"/>
        <source>Type an action or a case code, then Enter</source>
        <translation>输入操作名称或案件编号，按回车</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/palette.py" line="47"/>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/palette.py" line="49"/>
        <source>Matching commands</source>
        <translation>匹配的命令</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/palette.py" line="53"/>
        <source>New case</source>
        <translation>新建案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/palette.py" line="77"/>
        <source>Go to case %1</source>
        <translation>转到案件 %1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/palette.py" line="84"/>
        <source>%1 on case %2</source>
        <translation>对案件 %2 执行“%1”</translation>
    </message>
</context>
<context>
    <name>DispatchDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/dispatch.py" line="35"/>
        <source>No routing suggestion: the case has no minor class or no street yet.</source>
        <translation>无派遣建议：案件尚无小类或所属街道。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/dispatch.py" line="39"/>
        <source>Suggested: %1 (territorial fallback)</source>
        <translation>建议派至：%1（属地兜底）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/dispatch.py" line="40"/>
        <source>Suggested: %1 (rule %2)</source>
        <translation>建议派至：%1（规则 %2）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/dispatch.py" line="46"/>
        <source>Legal basis: %1</source>
        <translation>法律依据：%1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/dispatch.py" line="48"/>
        <source>Routing suggestion</source>
        <translation>派遣建议</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/dispatch.py" line="49"/>
        <source>Why this unit</source>
        <translation>派遣理由</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/dispatch.py" line="54"/>
        <source>Lead unit</source>
        <translation>主办单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/dispatch.py" line="63"/>
        <source>&amp;Lead unit</source>
        <translation>主办单位(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/dispatch.py" line="67"/>
        <location filename="../../src/commandcenter/ui/board/dialogs/dispatch.py" line="72"/>
        <source>Handling deadline</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/dispatch.py" line="69"/>
        <source>%1 → due %2 (the clock starts when you dispatch)</source>
        <translation>%1 → %2 前办结（派遣即开始计时）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/dispatch.py" line="75"/>
        <source>Co-handling units</source>
        <translation>协办单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/dispatch.py" line="76"/>
        <source>&amp;Co-handlers</source>
        <translation>协办单位(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/dispatch.py" line="93"/>
        <source>Choose the lead unit.</source>
        <translation>请选择主办单位。</translation>
    </message>
</context>
<context>
    <name>ExtensionRequestDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/handling.py" line="29"/>
        <source>Extra time</source>
        <translation>延期时长</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/handling.py" line="31"/>
        <source>Time unit</source>
        <translation>时间单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/handling.py" line="32"/>
        <source>working days</source>
        <translation>工作日</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/handling.py" line="33"/>
        <source>working hours</source>
        <translation>工作时</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/handling.py" line="34"/>
        <source>natural hours</source>
        <translation>自然小时</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/handling.py" line="35"/>
        <source>E&amp;xtra time</source>
        <translation>延期时长(&amp;X)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/handling.py" line="36"/>
        <source>&amp;Unit</source>
        <translation>单位(&amp;U)</translation>
    </message>
</context>
<context>
    <name>JudgeReturnDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/handling.py" line="84"/>
        <source>Ruling</source>
        <translation>裁定</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/handling.py" line="85"/>
        <source>Upheld: the return was justified</source>
        <translation>退回成立：退回理由正当</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/handling.py" line="87"/>
        <source>Overruled: the unit should have handled it</source>
        <translation>退回不成立：应由该单位处置</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/handling.py" line="89"/>
        <source>R&amp;uling</source>
        <translation>裁定(&amp;U)</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/callback.py" line="61"/>
        <source>Parent case code</source>
        <translation>主案件编号</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/callback.py" line="63"/>
        <source>&amp;Parent case</source>
        <translation>主案件(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/callback.py" line="72"/>
        <source>Enter the code of the case to merge into.</source>
        <translation>请输入要合并到的案件编号。</translation>
    </message>
</context>
<context>
    <name>NewCaseDialog</name>
    <message>
        <source>title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>The %1 holds a phone or ID number. Move it into the reporter fields, where it is encrypted, or press Save again to save it masked.</source>
        <translation>%1中含有手机号或身份证号。请移到报告人信息中（加密保存），或再次点击保存，以遮蔽后的形式保存。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="92"/>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="93"/>
        <source>New case</source>
        <translation>新建案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="127"/>
        <source>C&amp;hannel</source>
        <translation>来源渠道(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="129"/>
        <source>Cate&amp;gory</source>
        <translation>类别(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="132"/>
        <source>&amp;Title</source>
        <translation>标题(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="136"/>
        <source>&amp;Description</source>
        <translation>描述(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="137"/>
        <source>&amp;Address</source>
        <translation>地址(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="142"/>
        <source>Longitude</source>
        <translation>经度</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="143"/>
        <source>Latitude</source>
        <translation>纬度</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="149"/>
        <source>&amp;Location (lon, lat)</source>
        <translation>位置（经度，纬度）(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="152"/>
        <source>Reporter (shown masked)</source>
        <translation>反映人（脱敏显示）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="154"/>
        <source>&amp;Name</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="156"/>
        <source>&amp;Phone</source>
        <translation>电话(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="158"/>
        <source>&amp;ID number</source>
        <translation>身份证号(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="161"/>
        <source>&amp;Urgent</source>
        <translation>紧急(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="162"/>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="167"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="172"/>
        <source>Possible duplicates (open cases within 200 m and 7 days)</source>
        <translation>疑似重复（200 米、7 天内的在办案件）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="177"/>
        <source>Possible duplicates</source>
        <translation>疑似重复</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="179"/>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="179"/>
        <source>Similarity</source>
        <translation>相似度</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="179"/>
        <source>Distance</source>
        <translation>距离</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="179"/>
        <source>Reported</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="180"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="180"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="188"/>
        <source>No similar open case nearby.</source>
        <translation>附近没有相似的在办案件。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="191"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="193"/>
        <source>Save and &amp;merge into selected</source>
        <translation>保存并合并到所选案件(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="253"/>
        <source>%1 h ago</source>
        <translation>%1 小时前</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="254"/>
        <source>%1 d ago</source>
        <translation>%1 天前</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/new_case_dialog.py" line="263"/>
        <source>Text similarity %1%, address %2</source>
        <translation>文本相似度 %1%，地址 %2</translation>
    </message>
</context>
<context>
    <name>RateCheckInDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/handling.py" line="64"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/handling.py" line="72"/>
        <source>Rating from 1 to 5</source>
        <translation>评分（1 至 5）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/handling.py" line="73"/>
        <source>&amp;Department</source>
        <translation>部门(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/handling.py" line="74"/>
        <source>&amp;Rating (1-5)</source>
        <translation>评分 1-5(&amp;R)</translation>
    </message>
</context>
<context>
    <name>RegisterDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/register.py" line="109"/>
        <source>&amp;Minor class</source>
        <translation>小类(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/register.py" line="113"/>
        <source>Filing condition</source>
        <translation>立案条件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/register.py" line="114"/>
        <source>&amp;Filing condition</source>
        <translation>立案条件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/register.py" line="118"/>
        <source>Area class</source>
        <translation>区域类别</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/register.py" line="120"/>
        <source>Class %1 area</source>
        <translation>%1 类区域</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/register.py" line="123"/>
        <source>&amp;Area class</source>
        <translation>区域类别(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/register.py" line="126"/>
        <location filename="../../src/commandcenter/ui/board/dialogs/register.py" line="152"/>
        <source>Choose a minor class and a filing condition.</source>
        <translation>请选择小类和立案条件。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/register.py" line="130"/>
        <source>Deadline preview</source>
        <translation>时限预览</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/register.py" line="132"/>
        <source>Deadline</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/register.py" line="165"/>
        <source>No handling limit for this choice.</source>
        <translation>此选择没有处置时限。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/register.py" line="167"/>
        <source>Handling limit %1 (class %2 area) → due %3 if dispatched now.
Closing condition: %4</source>
        <translation>处置时限 %1（%2 类区域）→ 如现在派遣，应于 %3 前完成。
结案条件：%4</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/register.py" line="172"/>
        <source>Emergency class: the clock runs in natural time.</source>
        <translation>应急类：按自然时计时。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/register.py" line="183"/>
        <source>Choose the minor class.</source>
        <translation>请选择小类。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/register.py" line="185"/>
        <source>Choose the filing condition.</source>
        <translation>请选择立案条件。</translation>
    </message>
</context>
<context>
    <name>SuperviseDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/handling.py" line="100"/>
        <source>Supervision level</source>
        <translation>督办级别</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/handling.py" line="101"/>
        <source>&amp;Level (0 none – 3 highest)</source>
        <translation>级别（0 无 – 3 最高）(&amp;L)</translation>
    </message>
</context>
<context>
    <name>WhistleDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/whistle.py" line="24"/>
        <source>Whistle reason</source>
        <translation>吹哨事由</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/whistle.py" line="27"/>
        <source>Residents&apos; pressing problem the street cannot solve</source>
        <translation>群众急难愁盼、街道无力解决</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/whistle.py" line="28"/>
        <source>Enforcement power the street lacks</source>
        <translation>街道缺乏执法权</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/whistle.py" line="29"/>
        <source>Emergency</source>
        <translation>突发事件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/whistle.py" line="33"/>
        <source>&amp;Whistle reason</source>
        <translation>吹哨事由(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/whistle.py" line="38"/>
        <source>Summoned departments</source>
        <translation>被吹哨部门</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/whistle.py" line="40"/>
        <source>&amp;Departments</source>
        <translation>部门(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/whistle.py" line="44"/>
        <source>Lead unit</source>
        <translation>牵头单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/whistle.py" line="45"/>
        <source>L&amp;ead unit</source>
        <translation>牵头单位(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/whistle.py" line="49"/>
        <location filename="../../src/commandcenter/ui/board/dialogs/whistle.py" line="53"/>
        <source>Check-in deadline</source>
        <translation>报到时限</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/whistle.py" line="51"/>
        <source>Departments must check in by %1</source>
        <translation>各部门须于 %1 前报到</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/whistle.py" line="55"/>
        <location filename="../../src/commandcenter/ui/board/dialogs/whistle.py" line="60"/>
        <source>Handling deadline</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/whistle.py" line="57"/>
        <source>%1 → due %2 (the clock starts with the whistle)</source>
        <translation>%1 → %2 前办结（吹哨即开始计时）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/dialogs/whistle.py" line="79"/>
        <source>Summon at least one department.</source>
        <translation>请至少选择一个部门。</translation>
    </message>
</context>
</TS>
