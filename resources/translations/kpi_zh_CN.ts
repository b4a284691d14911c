<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AssessmentView</name>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="242" />
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="261" />
        <source>As of {as_of}.</source>
        <translation>数据截至 {as_of}。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="265" />
        <source>Failed: {error}</source>
        <translation>失败：{error}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="285" />
        <source>Weights published by {user}.</source>
        <translation>权重已由 {user} 发布。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="300" />
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="301" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="302" />
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="442" />
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="302" />
        <source>Composite score 0-100 with the current weights</source>
        <translation>按当前权重计算的综合得分（0-100）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="303" />
        <source>Rating</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="303" />
        <source>A ≥90, B ≥75, C ≥60, D ≥40, E below</source>
        <translation>A ≥90，B ≥75，C ≥60，D ≥40，低于40为E</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="307" />
        <source>Published rank</source>
        <translation>现行排名</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="308" />
        <source>Moved</source>
        <translation>名次变化</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="308" />
        <source>Places gained with the what-if weights</source>
        <translation>按模拟权重上升的名次</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="310" />
        <source>Previous score</source>
        <translation>上期得分</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="311" />
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="312" />
        <source>Rank movement</source>
        <translation>名次升降</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="312" />
        <source>Places gained since the previous period</source>
        <translation>较上期上升的名次</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="341" />
        <source>{obj}: {n} assessed, period {start} – {end}</source>
        <translation>{obj}：共考核 {n} 个，考核期 {start} 至 {end}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="398" />
        <source>Export assessment</source>
        <translation>导出考核结果</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="426" />
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="426" />
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="426" />
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="427" />
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="427" />
        <source>Year</source>
        <translation>年</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="427" />
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="430" />
        <source>Units</source>
        <translation>处置单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="430" />
        <source>Streets</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="431" />
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="431" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="432" />
        <source>Grid workers</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="435" />
        <source>Assess</source>
        <translation>考核对象</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="435" />
        <source>Period</source>
        <translation>考核期</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="435" />
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="437" />
        <source>Compare with previous period</source>
        <translation>与上期对比</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="438" />
        <source>Load</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="439" />
        <source>Export XLSX…</source>
        <translation>导出Excel…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="440" />
        <source>Export PDF…</source>
        <translation>导出PDF…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="441" />
        <source>Distribution of scores</source>
        <translation>得分分布</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/assessment_view.py" line="443" />
        <source>Score trend (selected rows)</source>
        <translation>得分趋势（所选对象）</translation>
    </message>
</context>
<context>
    <name>Funnel</name>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="41" />
        <source>Reported</source>
        <translation>上报</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="42" />
        <source>Accepted</source>
        <translation>受理</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="43" />
        <source>Registered</source>
        <translation>立案</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="44" />
        <source>Dispatched</source>
        <translation>派遣</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="45" />
        <source>Handled</source>
        <translation>处置</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="46" />
        <source>Checked</source>
        <translation>核查</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="47" />
        <source>Closed</source>
        <translation>结案</translation>
    </message>
</context>
<context>
    <name>KpiLanguage</name>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/common.py" line="38" />
        <source>en</source>
        <translation>zh</translation>
    </message>
</context>
<context>
    <name>KpiPage</name>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/page.py" line="96" />
        <source>Cases reported per day (loading…)</source>
        <translation>每日上报案件数（加载中…）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/page.py" line="98" />
        <source>Cases reported per day, last {days} days: {total} in total.</source>
        <translation>近 {days} 天每日上报案件数：共 {total} 件。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/page.py" line="131" />
        <source>Could not load the live picture: {error}</source>
        <translation>无法加载实时态势：{error}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/page.py" line="144" />
        <source>Live picture</source>
        <translation>实时态势</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/page.py" line="145" />
        <source>Assessment</source>
        <translation>考核评价</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/page.py" line="146" />
        <source>Cases per day chart</source>
        <translation>每日案件数图表</translation>
    </message>
</context>
<context>
    <name>LiveView</name>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="208" />
        <source>All channels</source>
        <translation>全部渠道</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="234" />
        <source>(no unit)</source>
        <translation>（无单位）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="249" />
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="255" />
        <source>{rate} ({closed} of {net}), target {target}</source>
        <translation>{rate}（应结案 {net} 件中按期结案 {closed} 件），目标 {target}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="258" />
        <source>Today's funnel ({day})</source>
        <translation>今日流转（{day}）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="262" />
        <source>Today's funnel</source>
        <translation>今日流转</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="262" />
        <source>Open cases by state</source>
        <translation>在办案件（按状态）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="263" />
        <source>On-time closing, month to date</source>
        <translation>本月按期结案率</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="263" />
        <source>Deadline warnings by unit</source>
        <translation>各单位时限预警</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="264" />
        <source>Intake per hour: today (bars) vs same weekday typical (dashed)</source>
        <translation>分时受理量：今日（柱）与同星期几常态（虚线）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="265" />
        <source>Cases reported per day</source>
        <translation>每日上报案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="265" />
        <source>Open whistles: check-in</source>
        <translation>吹哨报到情况</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="266" />
        <source>Top categories, last 7 days vs previous 7</source>
        <translation>高发类别：近7天与前7天对比</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="270" />
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="272" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="273" />
        <source>Open</source>
        <translation>在办</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="273" />
        <source>Yellow</source>
        <translation>黄灯</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="273" />
        <source>Red</source>
        <translation>红灯</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="275" />
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="275" />
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="276" />
        <source>Check-in by</source>
        <translation>报到时限</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="276" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="278" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="278" />
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="279" />
        <source>Previous</source>
        <translation>上期</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="279" />
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="280" />
        <source>Reports</source>
        <translation>上报量</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="281" />
        <source>Cases</source>
        <translation>案件数</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="305" />
        <source>Today's funnel: {stage}</source>
        <translation>今日流转：{stage}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="315" />
        <source>Open cases: {state}</source>
        <translation>在办案件：{state}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="320" />
        <source>Closed on time, month to date</source>
        <translation>本月按期结案案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="326" />
        <source>Warnings: {unit}</source>
        <translation>时限预警：{unit}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="330" />
        <source>Open whistle</source>
        <translation>吹哨案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="335" />
        <source>Category: {name}</source>
        <translation>类别：{name}</translation>
    </message>
</context>
<context>
    <name>WeightsPanel</name>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/weights_panel.py" line="86" />
        <source>Other ({n} indicators)</source>
        <translation>其他（{n}项指标）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/weights_panel.py" line="115" />
        <source>Sum: {total:g} (must be 100)</source>
        <translation>合计：{total:g}（须为100）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/weights_panel.py" line="119" />
        <source>Only an administrator can publish weights</source>
        <translation>只有管理员可以发布权重</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/weights_panel.py" line="122" />
        <source>What-if: composite weights</source>
        <translation>模拟：综合得分权重</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/weights_panel.py" line="123" />
        <source>Edit the weights to see how the ranking moves; nothing is saved until an administrator publishes.</source>
        <translation>调整权重即可预览排名变化；管理员发布前不会保存。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/weights_panel.py" line="125" />
        <source>Reset</source>
        <translation>还原</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/weights_panel.py" line="126" />
        <source>Publish</source>
        <translation>发布</translation>
    </message>
</context>
<context>
    <name>WhistleStatus</name>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="50" />
        <source>Checked in</source>
        <translation>已报到</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="51" />
        <source>Waiting</source>
        <translation>待报到</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/kpi/live_view.py" line="52" />
        <source>Late</source>
        <translation>超时未报到</translation>
    </message>
</context>
</TS>