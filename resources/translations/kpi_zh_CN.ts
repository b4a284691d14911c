<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AssessmentView</name>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="315"/>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="334"/>
        <source>As of {as_of}.</source>
        <translation>数据截至 {as_of}。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="338"/>
        <source>Failed: {error}</source>
        <translation>失败：{error}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="358"/>
        <source>Weights published by {user}.</source>
        <translation>权重已由 {user} 发布。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="373"/>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="374"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="375"/>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="519"/>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="375"/>
        <source>Composite score 0-100 with the current weights</source>
        <translation>按当前权重计算的综合得分（0-100）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="376"/>
        <source>Rating</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="376"/>
        <source>A ≥90, B ≥75, C ≥60, D ≥40, E below</source>
        <translation>A ≥90，B ≥75，C ≥60，D ≥40，低于40为E</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="380"/>
        <source>Published rank</source>
        <translation>现行排名</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="381"/>
        <source>Moved</source>
        <translation>名次变化</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="381"/>
        <source>Places gained with the what-if weights</source>
        <translation>按模拟权重上升的名次</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="383"/>
        <source>Previous score</source>
        <translation>上期得分</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="384"/>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="385"/>
        <source>Rank movement</source>
        <translation>名次升降</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="385"/>
        <source>Places gained since the previous period</source>
        <translation>较上期上升的名次</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="414"/>
        <source>{obj}: {n} assessed, period {start} – {end}</source>
        <translation>{obj}：共考核 {n} 个，考核期 {start} 至 {end}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="471"/>
        <source>Export assessment</source>
        <translation>导出考核结果</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="503"/>
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="503"/>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="503"/>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="504"/>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="504"/>
        <source>Year</source>
        <translation>年</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="504"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="507"/>
        <source>Units</source>
        <translation>处置单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="507"/>
        <source>Streets</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="508"/>
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="508"/>
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="509"/>
        <source>Grid workers</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="512"/>
        <source>Assess</source>
        <translation>考核对象</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="512"/>
        <source>Period</source>
        <translation>考核期</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="512"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="514"/>
        <source>Compare with previous period</source>
        <translation>与上期对比</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="515"/>
        <source>Load</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="516"/>
        <source>Export XLSX…</source>
        <translation>导出Excel…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="517"/>
        <source>Export PDF…</source>
        <translation>导出PDF…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="518"/>
        <source>Distribution of scores</source>
        <translation>得分分布</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="520"/>
        <source>Score trend (selected rows)</source>
        <translation>得分趋势（所选对象）</translation>
    </message>
</context>
<context>
    <name>Funnel</name>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="46"/>
        <source>Reported</source>
        <translation>上报</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="47"/>
        <source>Accepted</source>
        <translation>受理</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="48"/>
        <source>Registered</source>
        <translation>立案</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="49"/>
        <source>Dispatched</source>
        <translation>派遣</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="50"/>
        <source>Handled</source>
        <translation>处置</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="51"/>
        <source>Checked</source>
        <translation>核查</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="52"/>
        <source>Closed</source>
        <translation>结案</translation>
    </message>
</context>
<context>
    <name>KpiLanguage</name>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/common.py" line="49"/>
        <source>en</source>
        <translation>zh</translation>
    </message>
</context>
<context>
    <name>KpiPage</name>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/page.py" line="123"/>
        <source>Could not load the live picture: {error}</source>
        <translation>无法加载实时态势：{error}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/page.py" line="155"/>
        <source>Live picture</source>
        <translation>实时态势</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/page.py" line="156"/>
        <source>Assessment</source>
        <translation>考核评价</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/page.py" line="157"/>
        <source>Cases per day chart</source>
        <translation>每日案件数图表</translation>
    </message>
</context>
<context>
    <name>LiveView</name>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="241"/>
        <source>All channels</source>
        <translation>全部渠道</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="279"/>
        <source>(no unit)</source>
        <translation>（无单位）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="294"/>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="300"/>
        <source>{rate} ({closed} of {net}), target {target}</source>
        <translation>{rate}（应结案 {net} 件中按期结案 {closed} 件），目标 {target}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="303"/>
        <source>Today&apos;s funnel ({day})</source>
        <translation>今日流转（{day}）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="307"/>
        <source>Today&apos;s funnel</source>
        <translation>今日流转</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="307"/>
        <source>Open cases by state</source>
        <translation>在办案件（按状态）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="308"/>
        <source>On-time closing, month to date</source>
        <translation>本月按期结案率</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="308"/>
        <source>Deadline warnings by unit</source>
        <translation>各单位时限预警</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="309"/>
        <source>Intake per hour: today (bars) vs same weekday typical (dashed)</source>
        <translation>分时受理量：今日（柱）与同星期几常态（虚线）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="310"/>
        <source>Cases reported per day</source>
        <translation>每日上报案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="310"/>
        <source>Open whistles: check-in</source>
        <translation>吹哨报到情况</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="311"/>
        <source>Top categories, last 7 days vs previous 7</source>
        <translation>高发类别：近7天与前7天对比</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="315"/>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="317"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="318"/>
        <source>Open</source>
        <translation>在办</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="318"/>
        <source>Yellow</source>
        <translation>黄灯</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="318"/>
        <source>Red</source>
        <translation>红灯</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="320"/>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="320"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="321"/>
        <source>Check-in by</source>
        <translation>报到时限</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="321"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="323"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="323"/>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="324"/>
        <source>Previous</source>
        <translation>上期</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="324"/>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="325"/>
        <source>Reports</source>
        <translation>上报量</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="326"/>
        <source>Cases</source>
        <translation>案件数</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="350"/>
        <source>Today&apos;s funnel: {stage}</source>
        <translation>今日流转：{stage}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="360"/>
        <source>Open cases: {state}</source>
        <translation>在办案件：{state}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="365"/>
        <source>Closed on time, month to date</source>
        <translation>本月按期结案案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="371"/>
        <source>Warnings: {unit}</source>
        <translation>时限预警：{unit}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="375"/>
        <source>Open whistle</source>
        <translation>吹哨案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="380"/>
        <source>Category: {name}</source>
        <translation>类别：{name}</translation>
    </message>
</context>
<context>
    <name>WeightsPanel</name>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/weights_panel.py" line="86"/>
        <source>Other ({n} indicators)</source>
        <translation>其他（{n}项指标）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/weights_panel.py" line="115"/>
        <source>Sum: {total:g} (must be 100)</source>
        <translation>合计：{total:g}（须为100）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/weights_panel.py" line="119"/>
        <source>Only an administrator can publish weights</source>
        <translation>只有管理员可以发布权重</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/weights_panel.py" line="122"/>
        <source>What-if: composite weights</source>
        <translation>模拟：综合得分权重</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/weights_panel.py" line="123"/>
        <source>Edit the weights to see how the ranking moves; nothing is saved until an administrator publishes.</source>
        <translation>调整权重即可预览排名变化；管理员发布前不会保存。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/weights_panel.py" line="125"/>
        <source>Reset</source>
        <translation>还原</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/weights_panel.py" line="126"/>
        <source>Publish</source>
        <translation>发布</translation>
    </message>
</context>
<context>
    <name>WhistleStatus</name>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="55"/>
        <source>Checked in</source>
        <translation>已报到</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="56"/>
        <source>Waiting</source>
        <translation>待报到</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="57"/>
        <source>Late</source>
        <translation>超时未报到</translation>
    </message>
</context>
</TS>
