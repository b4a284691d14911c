<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AckDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/ack_dialog.py" line="21"/>
        <source>Acknowledge alert</source>
        <translation>确认预警</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/ack_dialog.py" line="22"/>
        <source>Acknowledge: {what}
What was done or decided?</source>
        <translation>确认：{what}
已采取什么措施或作出什么决定？</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/ack_dialog.py" line="27"/>
        <source>Acknowledgement note</source>
        <translation>确认说明</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/ack_dialog.py" line="28"/>
        <source>Required: e.g. supervised the unit by phone</source>
        <translation>必填：例如已电话督办责任单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/ack_dialog.py" line="31"/>
        <source>Acknowledge</source>
        <translation>确认</translation>
    </message>
</context>
<context>
    <name>AlertKind</name>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="39"/>
        <source>Deadline</source>
        <translation>时限</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="40"/>
        <source>Surge</source>
        <translation>突增</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="41"/>
        <source>Repeat problem</source>
        <translation>重复问题</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="42"/>
        <source>Data quality</source>
        <translation>数据质量</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="45"/>
        <source>Overdue cases</source>
        <translation>超期案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="46"/>
        <source>Surge in grid × class</source>
        <translation>网格×小类突增</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="47"/>
        <source>Surge in street × category</source>
        <translation>街道×大类突增</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="48"/>
        <source>Repeated at one address</source>
        <translation>同一地址重复上报</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="49"/>
        <source>Repeated within 50 m</source>
        <translation>50米内同类重复上报</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="50"/>
        <source>Return ping-pong</source>
        <translation>来回退件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="51"/>
        <source>Forced-close rate</source>
        <translation>强制结案率偏高</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="52"/>
        <source>Reports bunched at month end</source>
        <translation>月末集中上报</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="55"/>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="56"/>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="57"/>
        <source>High</source>
        <translation>高</translation>
    </message>
</context>
<context>
    <name>AlertTableModel</name>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="148"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="148"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="148"/>
        <source>Object</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="148"/>
        <source>Observed</source>
        <translation>观测值</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="149"/>
        <source>Expected / threshold</source>
        <translation>期望值/阈值</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="149"/>
        <source>Raised at</source>
        <translation>预警时间</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="181"/>
        <source>{n} overdue · {m} near deadline</source>
        <translation>超期 {n} 件 · 临期 {m} 件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="184"/>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="188"/>
        <source>{n} reports</source>
        <translation>{n} 次上报</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="186"/>
        <source>{n} returns</source>
        <translation>退回 {n} 次</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="192"/>
        <source>{x} expected</source>
        <translation>期望 {x}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_model.py" line="214"/>
        <source>{kind}: {object}
Window: {window}
Cases: {count}</source>
        <translation>{kind}：{object}
时段：{window}
案件数：{count}</translation>
    </message>
</context>
<context>
    <name>AlertsPanel</name>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="202"/>
        <source>Scanning for warnings…</source>
        <translation>正在扫描预警…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="223"/>
        <source>Updated {time}</source>
        <translation>更新于 {time}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="231"/>
        <source>Could not load the warnings: {error}</source>
        <translation>无法加载预警：{error}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="290"/>
        <source>Could not acknowledge the alert: {error}</source>
        <translation>无法确认该预警：{error}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="294"/>
        <source>Acknowledged by {who} at {time}</source>
        <translation>已由 {who} 于 {time} 确认</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="321"/>
        <source>About to go red: {code}</source>
        <translation>即将超期：{code}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="335"/>
        <source>Overdue: {red}   Near deadline: {yellow}   About to go red: {soon}   Open alerts: {alerts}</source>
        <translation>超期：{red}   临期（黄色）：{yellow}   一小时内将超期：{soon}   未确认预警：{alerts}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="338"/>
        <source>Open alerts ({n})</source>
        <translation>未确认预警（{n}）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="339"/>
        <source>About to go red ({n})</source>
        <translation>即将超期（{n}）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="344"/>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="346"/>
        <source>All severities</source>
        <translation>全部级别</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="346"/>
        <source>Medium and high</source>
        <translation>中、高</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="347"/>
        <source>High only</source>
        <translation>仅高</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="354"/>
        <source>Filter alerts by kind</source>
        <translation>按类型筛选预警</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="355"/>
        <source>Filter alerts by severity</source>
        <translation>按严重程度筛选预警</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="356"/>
        <source>Rescan now</source>
        <translation>立即重新扫描</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="357"/>
        <source>Rescan for warnings now</source>
        <translation>立即重新扫描预警</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="358"/>
        <source>Acknowledge…</source>
        <translation>确认…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="359"/>
        <source>Acknowledge the selected alert</source>
        <translation>确认所选预警</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="360"/>
        <source>Open alerts</source>
        <translation>未确认预警</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="361"/>
        <source>Cases about to go red within the hour</source>
        <translation>一小时内将超期的案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="364"/>
        <source>Warning summary</source>
        <translation>预警概况</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="365"/>
        <source>Warning scan status</source>
        <translation>预警扫描状态</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="366"/>
        <source>Alerts and deadline queue</source>
        <translation>预警与临期队列</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="367"/>
        <source>Double-click an alert to show its cases on the board and its grid on the map</source>
        <translation>双击预警可在案件看板中显示相关案件，并在地图上定位其网格</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alerts_panel.py" line="369"/>
        <source>Double-click a case to show it on the board</source>
        <translation>双击案件可在案件看板中显示</translation>
    </message>
</context>
<context>
    <name>SoonQueueModel</name>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/queue_model.py" line="101"/>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/queue_model.py" line="101"/>
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/queue_model.py" line="101"/>
        <source>Deadline</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/queue_model.py" line="102"/>
        <source>Minutes left</source>
        <translation>剩余分钟</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/queue_model.py" line="102"/>
        <source>Working minutes left</source>
        <translation>剩余工作分钟</translation>
    </message>
</context>
</TS>
