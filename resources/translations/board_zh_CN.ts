<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActingChooser</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/acting_chooser.py" line="34"/>
        <source>The list of people is still loading…</source>
        <translation>人员名单仍在加载…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/acting_chooser.py" line="94"/>
        <source>{0} people</source>
        <translation>{0} 人</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/acting_chooser.py" line="139"/>
        <source>Act as</source>
        <translation>代为操作</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/acting_chooser.py" line="140"/>
        <source>Choose who to act as</source>
        <translation>选择以谁的身份操作</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/acting_chooser.py" line="141"/>
        <source>Name, unit or pinyin initials (e.g. zs)</source>
        <translation>姓名、单位或拼音首字母（如 zs）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/acting_chooser.py" line="142"/>
        <source>Search people</source>
        <translation>搜索人员</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/acting_chooser.py" line="143"/>
        <source>People by unit</source>
        <translation>按单位分组的人员</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/acting_chooser.py" line="144"/>
        <source>Number of people shown</source>
        <translation>显示的人数</translation>
    </message>
</context>
<context>
    <name>BoardPage</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="195"/>
        <source>Selected case</source>
        <translation>选中案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="227"/>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="279"/>
        <source>Loading cases…</source>
        <translation>正在载入案件…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="244"/>
        <source>Loading cases… {done} of {total}</source>
        <translation>正在载入案件… {done} / {total}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="248"/>
        <source>The board could not read the store: {0}</source>
        <translation>调度台无法读取数据库：{0}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="282"/>
        <source>{open} open cases; loading closed cases…</source>
        <translation>在办案件 {open} 件；正在载入已办结案件…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="285"/>
        <source>{total} cases in the store, {open} open.</source>
        <translation>库中共有案件 {total} 件，在办 {open} 件。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="288"/>
        <source>{shown} shown.</source>
        <translation>当前显示 {shown} 件。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="408"/>
        <source>The database cannot be reached: the board is read-only.</source>
        <translation>无法连接数据库：调度台暂为只读。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="413"/>
        <source>Read-only notice</source>
        <translation>只读提示</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="459"/>
        <source>New cases: {n}</source>
        <translation>新案件 {n} 件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="461"/>
        <source>Now overdue: {n}</source>
        <translation>新超期 {n} 件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="557"/>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="558"/>
        <source>Case summary</source>
        <translation>案件概况</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="559"/>
        <source>Board messages</source>
        <translation>调度台消息</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="560"/>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="561"/>
        <source>Case actions</source>
        <translation>案件操作</translation>
    </message>
</context>
<context>
    <name>CaseTable</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_table.py" line="107"/>
        <source>Columns</source>
        <translation>列</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="188"/>
        <source>Code</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="188"/>
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="188"/>
        <source>Channel</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="188"/>
        <source>Major class</source>
        <translation>大类</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="189"/>
        <source>Minor class</source>
        <translation>小类</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="189"/>
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="189"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="189"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="190"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="190"/>
        <source>Lead unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="190"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="190"/>
        <source>Time left</source>
        <translation>剩余时限</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="191"/>
        <source>Priority</source>
        <translation>缓急</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="191"/>
        <source>Supervision</source>
        <translation>督办</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="191"/>
        <source>Duplicates</source>
        <translation>重复数</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="318"/>
        <source>Emergency</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="319"/>
        <source>Urgent</source>
        <translation>加急</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="336"/>
        <source>{0:.1f} d overdue</source>
        <translation>超期 {0:.1f} 工作日</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="336"/>
        <source>{0:.1f} h overdue</source>
        <translation>超期 {0:.1f} 小时</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="338"/>
        <source>{0:.1f} d</source>
        <translation>{0:.1f} 工作日</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="338"/>
        <source>{0:.1f} h</source>
        <translation>{0:.1f} 小时</translation>
    </message>
</context>
<context>
    <name>DetailPanel</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="31"/>
        <source>working hours</source>
        <translation>个工作时</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="32"/>
        <source>working days</source>
        <translation>个工作日</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="33"/>
        <source>natural hours</source>
        <translation>自然小时</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="53"/>
        <source>Accept</source>
        <translation>受理</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="54"/>
        <source>Verify</source>
        <translation>核实</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="55"/>
        <source>Register</source>
        <translation>立案</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="56"/>
        <source>Dispatch</source>
        <translation>派遣</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="57"/>
        <source>Whistle check-in</source>
        <translation>吹哨报到</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="58"/>
        <source>Sign</source>
        <translation>签收</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="59"/>
        <source>Handle</source>
        <translation>处置</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="60"/>
        <source>Check</source>
        <translation>核查</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="61"/>
        <source>Close</source>
        <translation>结案</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="62"/>
        <source>Callback</source>
        <translation>回访</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="63"/>
        <source>hung</source>
        <translation>挂账</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="64"/>
        <source>extension requested</source>
        <translation>申请延期</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="65"/>
        <source>awaiting check</source>
        <translation>待核查</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="66"/>
        <source>{0:.1f} wh</source>
        <translation>{0:.1f} 工作时</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="67"/>
        <source>{0:.1f} wd</source>
        <translation>{0:.1f} 工作日</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="68"/>
        <source>{0:.1f} h</source>
        <translation>{0:.1f} 小时</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="124"/>
        <source>Select a case to see its details.</source>
        <translation>选择一件案件查看详情。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="133"/>
        <source>Loading the case&apos;s details…</source>
        <translation>正在读取案件详情…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="169"/>
        <source>Code</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="170"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="171"/>
        <source>Channel</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="172"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="173"/>
        <source>Description</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="174"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="175"/>
        <source>Location</source>
        <translation>坐标</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="176"/>
        <source>Street / community / grid</source>
        <translation>街道 / 社区 / 网格</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="179"/>
        <source>Category</source>
        <translation>案件类别</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="181"/>
        <source>Lead unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="182"/>
        <source>Co-handlers</source>
        <translation>协办单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="183"/>
        <source>Owning centre</source>
        <translation>主办中心</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="184"/>
        <source>Priority</source>
        <translation>缓急</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="184"/>
        <source>Emergency</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="185"/>
        <source>Urgent</source>
        <translation>加急</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="185"/>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="186"/>
        <source>Supervision level</source>
        <translation>督办级别</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="187"/>
        <source>Reworks / returns / redos / reopens</source>
        <translation>返工 / 退回 / 重办 / 重启次数</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="189"/>
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="190"/>
        <source>Registered</source>
        <translation>立案时间</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="191"/>
        <source>Dispatched</source>
        <translation>派遣时间</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="192"/>
        <source>Handled</source>
        <translation>处置完成时间</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="193"/>
        <source>Closed</source>
        <translation>结案时间</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="197"/>
        <source>Reporter (masked)</source>
        <translation>上报人（脱敏）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="207"/>
        <source>Merged duplicates</source>
        <translation>已合并的重复案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="217"/>
        <source>Current stage</source>
        <translation>当前环节</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="217"/>
        <source>Handling</source>
        <translation>处置</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="221"/>
        <source>{stage}: {limit}, from {start}, due {deadline}</source>
        <translation>{stage}：{limit}，自 {start} 起，{deadline} 到期</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="225"/>
        <source>(paused since {0})</source>
        <translation>（自 {0} 起暂停计时）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="229"/>
        <source>Deadlines</source>
        <translation>时限</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="236"/>
        <source>Stage / limit</source>
        <translation>环节 / 时限</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="236"/>
        <source>Deadline</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="236"/>
        <source>Used</source>
        <translation>已用</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="236"/>
        <source>Left</source>
        <translation>剩余</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="237"/>
        <source>Deadlines per stage</source>
        <translation>各环节时限</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="247"/>
        <source>(running)</source>
        <translation>（计时中）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="250"/>
        <source>over by {0}</source>
        <translation>超时 {0}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="252"/>
        <source>{why} {start} – {end}</source>
        <translation>{why} {start} – {end}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="254"/>
        <source>now</source>
        <translation>至今</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="255"/>
        <source>extended by {0}</source>
        <translation>延期 {0}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="283"/>
        <source>not checked in</source>
        <translation>未报到</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="285"/>
        <source>rated {0}</source>
        <translation>评分 {0}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="287"/>
        <source>Whistle (check-ins)</source>
        <translation>吹哨报到</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="288"/>
        <source>Called {called}, check-in due {due}; lead unit {lead}</source>
        <translation>吹哨时间 {called}，报到时限 {due}；牵头单位 {lead}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="296"/>
        <source>Timeline</source>
        <translation>办理过程</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="305"/>
        <source>{who} ({role}, {unit})</source>
        <translation>{who}（{role}，{unit}）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="310"/>
        <source>Reason: {0}</source>
        <translation>原因：{0}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="317"/>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="318"/>
        <source>Case details</source>
        <translation>案件详情</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="319"/>
        <source>Case code and state</source>
        <translation>案件编号与状态</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="320"/>
        <source>Reveal identity</source>
        <translation>显示身份</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="321"/>
        <source>Reveal the reporter&apos;s identity</source>
        <translation>显示举报人身份</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="322"/>
        <source>Show the reporter&apos;s full identity (recorded in the audit log)</source>
        <translation>显示举报人完整身份（记入审计日志）</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="110"/>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="111"/>
        <source>All streets</source>
        <translation>全部街道</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="112"/>
        <source>All categories</source>
        <translation>全部大类</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="114"/>
        <source>All channels</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="117"/>
        <source>All units</source>
        <translation>全部单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="118"/>
        <source>Warning (yellow)</source>
        <translation>临期预警（黄）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="119"/>
        <source>Overdue (red)</source>
        <translation>已超期（红）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="120"/>
        <source>Yellow or red</source>
        <translation>黄或红</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="120"/>
        <source>Any time left</source>
        <translation>不限时限</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="126"/>
        <source>Stage deadline</source>
        <translation>环节截止时间</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="127"/>
        <source>Closed</source>
        <translation>结案时间</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="128"/>
        <source>Last change</source>
        <translation>最近变更时间</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="128"/>
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="137"/>
        <source>All communities</source>
        <translation>全部社区</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="141"/>
        <source>All grids</source>
        <translation>全部网格</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="242"/>
        <source>State filter</source>
        <translation>按状态筛选</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="242"/>
        <source>Street filter</source>
        <translation>按街道筛选</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="243"/>
        <source>Community filter</source>
        <translation>按社区筛选</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="243"/>
        <source>Grid filter</source>
        <translation>按网格筛选</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="244"/>
        <source>Category filter</source>
        <translation>按大类筛选</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="245"/>
        <source>Channel filter</source>
        <translation>按来源筛选</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="245"/>
        <source>Unit filter</source>
        <translation>按责任单位筛选</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="246"/>
        <source>Time-left filter</source>
        <translation>按时限预警筛选</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="247"/>
        <source>Which time the dates bound</source>
        <translation>日期范围所指的时间</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="248"/>
        <source>From date</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="249"/>
        <source>Until date (inclusive)</source>
        <translation>截止日期（含当天）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="250"/>
        <source>Search code, address or description</source>
        <translation>搜索编号、地址或描述</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="254"/>
        <source>Any date</source>
        <translation>不限日期</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="255"/>
        <source>Search code, address, description (Ctrl+F)</source>
        <translation>搜索编号、地址、描述（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="256"/>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="257"/>
        <source>Case filters</source>
        <translation>案件筛选</translation>
    </message>
</context>
<context>
    <name>LaneList</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="35"/>
        <source>All open</source>
        <translation>全部在办</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="36"/>
        <source>Mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="37"/>
        <source>All cases</source>
        <translation>全部案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="38"/>
        <source>Drill-down</source>
        <translation>钻取案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="39"/>
        <source>Dispatched, unsigned</source>
        <translation>已派遣待签收</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="40"/>
        <source>Pending callback</source>
        <translation>待回访</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="112"/>
        <source>Case queues</source>
        <translation>案件队列</translation>
    </message>
</context>
<context>
    <name>LoadPanel</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="142"/>
        <source>Grid worker {0}</source>
        <translation>网格员 {0}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="163"/>
        <source>Load per unit</source>
        <translation>各单位负荷</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="164"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="164"/>
        <source>Open</source>
        <translation>在办</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="164"/>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="165"/>
        <source>Warning</source>
        <translation>预警</translation>
    </message>
</context>
<context>
    <name>MapPreviewWidget</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/map_preview.py" line="47"/>
        <location filename="../../src/commandcenter/ui/board/map_preview.py" line="85"/>
        <source>No location recorded</source>
        <translation>未记录位置</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/map_preview.py" line="115"/>
        <source>Case location map</source>
        <translation>案件位置图</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/map_preview.py" line="116"/>
        <source>The case&apos;s grid, its neighbours and the point</source>
        <translation>案件所在网格、相邻网格及位置点</translation>
    </message>
</context>
<context>
    <name>StateCountModel</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/state_counts.py" line="59"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/state_counts.py" line="59"/>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
</context>
</TS>
