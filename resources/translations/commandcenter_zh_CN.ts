<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/about_dialog.py" line="+17"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+1"/>
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
        <location line="+11"/>
        <location line="+4"/>
        <source>About</source>
        <translation>关于</translation>
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
    <name>MainWindow</name>
    <message>
        <location filename="../../src/commandcenter/ui/main_window.py" line="+89"/>
        <source>Selected on the map</source>
        <translation>地图选中</translation>
    </message>
    <message>
        <location line="+94"/>
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
        <location line="+8"/>
        <source>Grid map</source>
        <translation>网格地图</translation>
    </message>
    <message>
        <location line="-7"/>
        <location line="+8"/>
        <source>KPI charts</source>
        <translation>考核指标图表</translation>
    </message>
    <message>
        <location line="-7"/>
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
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../src/commandcenter/ui/startup.py" line="+56"/>
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
        <location line="+38"/>
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
</TS>
