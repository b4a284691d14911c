<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BoardPage</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="166"/>
        <source>Selected case</source>
        <translation>选中案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="196"/>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="246"/>
        <source>Loading cases…</source>
        <translation>正在载入案件…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="213"/>
        <source>Loading cases… {done} of {total}</source>
        <translation>正在载入案件… {done} / {total}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="217"/>
        <source>The board could not read the store: {0}</source>
        <translation>调度台无法读取数据库：{0}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="249"/>
        <source>{open} open cases; loading closed cases…</source>
        <translation>在办案件 {open} 件；正在载入已办结案件…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="252"/>
        <source>{total} cases in the store, {open} open.</source>
        <translation>库中共有案件 {total} 件，在办 {open} 件。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="255"/>
        <source>{shown} shown.</source>
        <translation>当前显示 {shown} 件。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="363"/>
        <source>New cases: {n}</source>
        <translation>新案件 {n} 件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="365"/>
        <source>Now overdue: {n}</source>
        <translation>新超期 {n} 件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="429"/>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="430"/>
        <source>Case summary</source>
        <translation>案件概况</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="431"/>
        <source>Board messages</source>
        <translation>调度台消息</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="432"/>
        <location filename="../../src/commandcenter/ui/board/board_page.py" line="433"/>
        <source>Case actions</source>
        <translation>案件操作</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="127"/>
        <source>Code</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="127"/>
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="127"/>
        <source>Channel</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="127"/>
        <source>Major class</source>
        <translation>大类</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="128"/>
        <source>Minor class</source>
        <translation>小类</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="128"/>
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="128"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="128"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="129"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="129"/>
        <source>Lead unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="129"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="129"/>
        <source>Time left</source>
        <translation>剩余时限</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="130"/>
        <source>Priority</source>
        <translation>缓急</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="130"/>
        <source>Supervision</source>
        <translation>督办</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="130"/>
        <source>Duplicates</source>
        <translation>重复数</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="205"/>
        <source>Emergency</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="206"/>
        <source>Urgent</source>
        <translation>加急</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="223"/>
        <source>{0:.1f} d overdue</source>
        <translation>超期 {0:.1f} 工作日</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="223"/>
        <source>{0:.1f} h overdue</source>
        <translation>超期 {0:.1f} 小时</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="225"/>
        <source>{0:.1f} d</source>
        <translation>{0:.1f} 工作日</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/case_model.py" line="225"/>
        <source>{0:.1f} h</source>
        <translation>{0:.1f} 小时</translation>
    </message>
</context>
<context>
    <name>DetailPanel</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="21"/>
        <source>working hours</source>
        <translation>个工作时</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="22"/>
        <source>working days</source>
        <translation>个工作日</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="23"/>
        <source>natural hours</source>
        <translation>自然小时</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="54"/>
        <source>Select a case to see its details.</source>
        <translation>选择一件案件查看详情。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="70"/>
        <source>Code</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="71"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="72"/>
        <source>Channel</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="73"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="74"/>
        <source>Description</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="75"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="76"/>
        <source>Location</source>
        <translation>坐标</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="77"/>
        <source>Street / community / grid</source>
        <translation>街道 / 社区 / 网格</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="80"/>
        <source>Category</source>
        <translation>案件类别</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="82"/>
        <source>Lead unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="83"/>
        <source>Co-handlers</source>
        <translation>协办单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="84"/>
        <source>Owning centre</source>
        <translation>主办中心</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="85"/>
        <source>Priority</source>
        <translation>缓急</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="85"/>
        <source>Emergency</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="86"/>
        <source>Urgent</source>
        <translation>加急</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="86"/>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="87"/>
        <source>Supervision level</source>
        <translation>督办级别</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="88"/>
        <source>Reworks / returns / redos / reopens</source>
        <translation>返工 / 退回 / 重办 / 重启次数</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="90"/>
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="91"/>
        <source>Registered</source>
        <translation>立案时间</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="92"/>
        <source>Dispatched</source>
        <translation>派遣时间</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="93"/>
        <source>Handled</source>
        <translation>处置完成时间</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="94"/>
        <source>Closed</source>
        <translation>结案时间</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="98"/>
        <source>Reporter (masked)</source>
        <translation>上报人（脱敏）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="108"/>
        <source>Merged duplicates</source>
        <translation>已合并的重复案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="116"/>
        <source>Current stage</source>
        <translation>当前环节</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="116"/>
        <source>Handling</source>
        <translation>处置</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="120"/>
        <source>{stage}: {limit}, from {start}, due {deadline}</source>
        <translation>{stage}：{limit}，自 {start} 起，{deadline} 到期</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="124"/>
        <source>(paused since {0})</source>
        <translation>（自 {0} 起暂停计时）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="128"/>
        <source>Deadlines</source>
        <translation>时限</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="140"/>
        <source>not checked in</source>
        <translation>未报到</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="142"/>
        <source>rated {0}</source>
        <translation>评分 {0}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="144"/>
        <source>Whistle (check-ins)</source>
        <translation>吹哨报到</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="145"/>
        <source>Called {called}, check-in due {due}; lead unit {lead}</source>
        <translation>吹哨时间 {called}，报到时限 {due}；牵头单位 {lead}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="153"/>
        <source>Timeline</source>
        <translation>办理过程</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="162"/>
        <source>{who} ({role}, {unit})</source>
        <translation>{who}（{role}，{unit}）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="167"/>
        <source>Reason: {0}</source>
        <translation>原因：{0}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/detail_panel.py" line="174"/>
        <source>Case details</source>
        <translation>案件详情</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="103"/>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="104"/>
        <source>All streets</source>
        <translation>全部街道</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="105"/>
        <source>All categories</source>
        <translation>全部大类</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="107"/>
        <source>All channels</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="110"/>
        <source>All units</source>
        <translation>全部单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="111"/>
        <source>Warning (yellow)</source>
        <translation>临期预警（黄）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="112"/>
        <source>Overdue (red)</source>
        <translation>已超期（红）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="113"/>
        <source>Yellow or red</source>
        <translation>黄或红</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="113"/>
        <source>Any time left</source>
        <translation>不限时限</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="124"/>
        <source>All communities</source>
        <translation>全部社区</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="128"/>
        <source>All grids</source>
        <translation>全部网格</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="176"/>
        <source>State filter</source>
        <translation>按状态筛选</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="176"/>
        <source>Street filter</source>
        <translation>按街道筛选</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="177"/>
        <source>Community filter</source>
        <translation>按社区筛选</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="177"/>
        <source>Grid filter</source>
        <translation>按网格筛选</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="178"/>
        <source>Category filter</source>
        <translation>按大类筛选</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="179"/>
        <source>Channel filter</source>
        <translation>按来源筛选</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="179"/>
        <source>Unit filter</source>
        <translation>按责任单位筛选</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="180"/>
        <source>Time-left filter</source>
        <translation>按时限预警筛选</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="181"/>
        <source>Received from</source>
        <translation>受理起始日期</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="182"/>
        <source>Received until</source>
        <translation>受理截止日期</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="183"/>
        <source>Search code, address or description</source>
        <translation>搜索编号、地址或描述</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="187"/>
        <source>Any date</source>
        <translation>不限日期</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="188"/>
        <source>Search code, address, description (Ctrl+F)</source>
        <translation>搜索编号、地址、描述（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="189"/>
        <location filename="../../src/commandcenter/ui/board/filter_bar.py" line="190"/>
        <source>Case filters</source>
        <translation>案件筛选</translation>
    </message>
</context>
<context>
    <name>LaneList</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="32"/>
        <source>All open</source>
        <translation>全部在办</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="33"/>
        <source>Mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="34"/>
        <source>All cases</source>
        <translation>全部案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="35"/>
        <source>Drill-down</source>
        <translation>钻取案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="36"/>
        <source>Dispatched, unsigned</source>
        <translation>已派遣待签收</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="37"/>
        <source>Pending callback</source>
        <translation>待回访</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="109"/>
        <source>Case queues</source>
        <translation>案件队列</translation>
    </message>
</context>
<context>
    <name>LoadPanel</name>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="139"/>
        <source>Grid worker {0}</source>
        <translation>网格员 {0}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="157"/>
        <source>Load per unit</source>
        <translation>各单位负荷</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="158"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="158"/>
        <source>Open</source>
        <translation>在办</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="158"/>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/board/side_panels.py" line="159"/>
        <source>Warning</source>
        <translation>预警</translation>
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
