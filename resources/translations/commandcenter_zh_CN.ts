<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/about_dialog.py" line="+72"/>
        <location line="+36"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="-35"/>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings</source>
        <translation>设置文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logs</source>
        <translation>日志目录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Command and Dispatch Centre</source>
        <translation>指挥调度一中心</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case intake, dispatch, supervision and assessment for a district social-governance command centre.</source>
        <translation>区、街道社会治理综合指挥中心的案件受理、派遣、督办与考核平台。</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+1"/>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Libraries and their licences</source>
        <translation>第三方库及其许可证</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Library</source>
        <translation>库</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
</context>
<context>
    <name>Action</name>
    <message>
        <location filename="../../src/commandcenter/ui/labels.py" line="+61"/>
        <source>Report</source>
        <translation>上报</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pass duplicate check</source>
        <translation>查重通过</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge into parent case</source>
        <translation>合并至主案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accept</source>
        <translation>受理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send for verification</source>
        <translation>派发核实</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invalidate</source>
        <translation>作废</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handled on the spot</source>
        <translation>现场处置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verified as true</source>
        <translation>核实属实</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verified as false</source>
        <translation>核实不属实</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Register</source>
        <translation>立案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refuse registration</source>
        <translation>不予立案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dispatch</source>
        <translation>派遣</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Blow the whistle</source>
        <translation>吹哨</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check in</source>
        <translation>报到</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rate check-in</source>
        <translation>报到评价</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign for</source>
        <translation>签收</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Return</source>
        <translation>退回</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rule on return</source>
        <translation>退回审核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request extension</source>
        <translation>申请延期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approve extension</source>
        <translation>批准延期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reject extension</source>
        <translation>驳回延期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request hanging</source>
        <translation>申请挂账</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hang</source>
        <translation>挂账</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unhang</source>
        <translation>解除挂账</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request co-handling</source>
        <translation>申请协办</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add co-handling units</source>
        <translation>增派协办单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Report done</source>
        <translation>处置完毕</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check passed</source>
        <translation>核查通过</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check failed (rework)</source>
        <translation>核查不通过（返工）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>结案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Force close</source>
        <translation>强制结案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Callback visit</source>
        <translation>回访</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reopen</source>
        <translation>重新启动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Supervise</source>
        <translation>督办</translation>
    </message>
</context>
<context>
    <name>Channel</name>
    <message>
        <location line="-57"/>
        <source>Grid worker report</source>
        <translation>网格员上报</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>12345 hotline</source>
        <translation>12345热线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Service window</source>
        <translation>便民服务窗口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Department transfer</source>
        <translation>部门转办</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sensor or video alert</source>
        <translation>感知/视频告警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leader&apos;s instruction</source>
        <translation>领导交办</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>District platform sync</source>
        <translation>区平台同步</translation>
    </message>
</context>
<context>
    <name>CrashNotice</name>
    <message>
        <location filename="../../src/commandcenter/ui/crash_notice.py" line="+66"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Something went wrong inside the program. Your work in the database is safe; the action that failed was not carried out.

A report for support was written to:
{path}

It holds no case data. If the problem returns, restart the program and send this file to your administrator.</source>
        <translation>程序内部出现错误。数据库中的工作不受影响，出错的操作没有执行。

已为技术支持生成错误报告：
{path}

报告中不含任何案件数据。如果问题再次出现，请重新启动程序，并将此文件发送给系统管理员。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/commandcenter/ui/main_window.py" line="+117"/>
        <location line="+3"/>
        <source>Selected on the map</source>
        <translation>地图选中</translation>
    </message>
    <message>
        <location line="+152"/>
        <source>Restart required</source>
        <translation>需要重新启动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The new database will be used after the program is restarted.</source>
        <translation>重新启动程序后将使用新的数据库。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Command and Dispatch Centre</source>
        <translation>指挥调度一中心</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>District &amp;sync...</source>
        <translation>区平台同步(&amp;S)...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case &amp;board</source>
        <translation>派遣工作台(&amp;B)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+10"/>
        <source>Grid map</source>
        <translation>网格地图</translation>
    </message>
    <message>
        <location line="-9"/>
        <location line="+10"/>
        <source>KPI charts</source>
        <translation>考核指标图表</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Early warning</source>
        <translation>预警监测</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Settings...</source>
        <translation>设置(&amp;S)...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Main menu</source>
        <translation>主菜单</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在载入…</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <location filename="../../src/commandcenter/ui/labels.py" line="+4"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Intake operator</source>
        <translation>受理员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shift leader</source>
        <translation>值班长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dispatcher</source>
        <translation>派遣员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handling unit</source>
        <translation>处置单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid worker</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Callback operator</source>
        <translation>回访员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Supervisor</source>
        <translation>督查考核员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Viewer</source>
        <translation>只读用户</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/settings_dialog.py" line="+225"/>
        <source>Database file</source>
        <translation>数据库文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SQLite databases (*.sqlite3 *.sqlite *.db);;All files (*)</source>
        <translation>SQLite 数据库 (*.sqlite3 *.sqlite *.db);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose a folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Testing the connection…</source>
        <translation>正在测试连接…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Connected: {what}</source>
        <translation>连接成功：{what}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot connect: {error}</source>
        <translation>无法连接：{error}</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+25"/>
        <source>SQLite file</source>
        <translation>SQLite 文件</translation>
    </message>
    <message>
        <location line="-24"/>
        <location line="+25"/>
        <source>PostgreSQL server</source>
        <translation>PostgreSQL 服务器</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>Default: {path}</source>
        <translation>默认：{path}</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+5"/>
        <location line="+1"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A new database is used after the program is restarted.</source>
        <translation>更换数据库需重新启动程序后生效。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>District sync</source>
        <translation>区平台同步</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Manual only</source>
        <translation>仅手动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Inbox folder</source>
        <translation>接收文件夹(&amp;I)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Outbox folder</source>
        <translation>发送文件夹(&amp;O)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Run every</source>
        <translation>同步间隔(&amp;R)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Font size</source>
        <translation>字号(&amp;F)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Inbox folder</source>
        <translation>接收文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outbox folder</source>
        <translation>发送文件夹</translation>
    </message>
</context>
<context>
    <name>ShellStatusBar</name>
    <message>
        <location filename="../../src/commandcenter/ui/status_bar.py" line="+89"/>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Database: {where}</source>
        <translation>数据库：{where}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Database location</source>
        <translation>数据库位置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signed in: {role}, {unit}</source>
        <translation>当前身份：{role}，{unit}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signed in: {name} ({role}), {unit}</source>
        <translation>当前用户：{name}（{role}），{unit}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Signed-in role and unit</source>
        <translation>当前角色与单位</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sync: configured, not yet running</source>
        <translation>同步：已配置，未运行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sync: not configured</source>
        <translation>同步：未配置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Synchronisation state</source>
        <translation>同步状态</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/help_dialog.py" line="+46"/>
        <source>Focus the board&apos;s text filter</source>
        <translation>定位到看板的文本筛选框</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show lane 1 to 9 of the board</source>
        <translation>切换到看板第 1–9 个分栏</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the current case&apos;s details</source>
        <translation>查看当前案件详情</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clear the filter (in the filter bar)</source>
        <translation>清除筛选（在筛选栏中）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Move through the cases</source>
        <translation>在案件之间移动</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Select several cases (bulk actions)</source>
        <translation>选择多个案件（批量操作）</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Case board</source>
        <translation>案件看板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid map</source>
        <translation>网格地图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KPI charts</source>
        <translation>考核指标图表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Early warning</source>
        <translation>预警监测</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Window</source>
        <translation>主窗口</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+3"/>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location line="-2"/>
        <location line="+1"/>
        <source>Search shortcuts</source>
        <translation>搜索快捷键</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../src/commandcenter/ui/startup.py" line="+61"/>
        <source>Cannot start</source>
        <translation>无法启动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The database could not be opened:
{error}</source>
        <translation>无法打开数据库：
{error}</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Opening the database…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Building the demo district…</source>
        <translation>正在生成演示辖区数据…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>First start</source>
        <translation>首次启动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demo data progress</source>
        <translation>演示数据生成进度</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Building the demo district: {stage}</source>
        <translation>正在生成演示辖区数据：{stage}</translation>
    </message>
    <message>
        <source>Waiting for the operator to sign in…</source>
        <translation>等待操作员登录…</translation>
    </message>
    <message>
        <source>Loading the cases…</source>
        <translation>正在载入案件…</translation>
    </message>
    <message>
        <source>The database could not be opened.</source>
        <translation>无法打开数据库。</translation>
    </message>
    <message>
        <source>The start failed.</source>
        <translation>启动失败。</translation>
    </message>
</context>
<context>
    <name>State</name>
    <message>
        <location filename="../../src/commandcenter/ui/labels.py" line="-37"/>
        <source>Reported</source>
        <translation>已上报</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pending acceptance</source>
        <translation>待受理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verifying</source>
        <translation>核实中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pending registration</source>
        <translation>待立案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pending dispatch</source>
        <translation>待派遣</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Whistle blown</source>
        <translation>吹哨中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Awaiting sign-for</source>
        <translation>待签收</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In progress</source>
        <translation>处置中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pending check</source>
        <translation>待核查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pending closing</source>
        <translation>待结案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pending callback</source>
        <translation>待回访</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hung</source>
        <translation>挂账</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Void</source>
        <translation>作废</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merged</source>
        <translation>已合并</translation>
    </message>
</context>
<context>
    <name>StateCountModel</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/state_counts.py" line="+59"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cases</source>
        <translation>案件数</translation>
    </message>
</context>
<context>
    <name>StartingPanel</name>
    <message>
        <source>Command and Dispatch Centre</source>
        <translation>指挥调度一中心</translation>
    </message>
    <message>
        <source>Start-up progress</source>
        <translation>启动进度</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
</context>
</TS>
