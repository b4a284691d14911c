<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>MapLegend</name>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_style.py" line="40"/>
        <source>Intake</source>
        <translation>受理中</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_style.py" line="41"/>
        <source>Awaiting dispatch</source>
        <translation>待派遣</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_style.py" line="42"/>
        <source>Whistle blown</source>
        <translation>吹哨中</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_style.py" line="43"/>
        <source>Awaiting sign-for</source>
        <translation>待签收</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_style.py" line="44"/>
        <source>In progress</source>
        <translation>处置中</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_style.py" line="45"/>
        <source>Check and close</source>
        <translation>核查结案</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_style.py" line="46"/>
        <source>Callback</source>
        <translation>待回访</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_style.py" line="47"/>
        <source>Hung</source>
        <translation>挂账</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_style.py" line="48"/>
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
</context>
<context>
    <name>MapPage</name>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="225"/>
        <source>The map could not be loaded: {error}</source>
        <translation>地图加载失败：{error}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="335"/>
        <source>Layer {name} imported: {n} features.</source>
        <translation>图层 {name} 已导入：{n} 个要素。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="353"/>
        <source>Coordinate datum</source>
        <translation>坐标系</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="354"/>
        <source>The file does not say which datum its coordinates use. Choose it:</source>
        <translation>该文件未声明坐标所用的坐标系，请选择：</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="359"/>
        <source>The layer could not be imported: {error}</source>
        <translation>图层无法导入：{error}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="363"/>
        <source>Import a GeoJSON layer</source>
        <translation>导入 GeoJSON 图层</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="364"/>
        <source>GeoJSON (*.geojson *.json)</source>
        <translation>GeoJSON 文件 (*.geojson *.json)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="378"/>
        <source>Export the map view</source>
        <translation>导出地图视图</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="379"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="381"/>
        <source>Could not write {path}</source>
        <translation>无法写入 {path}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="389"/>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="436"/>
        <source>Grid map</source>
        <translation>网格地图</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="412"/>
        <source>District outline</source>
        <translation>区界</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="412"/>
        <source>Streets</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="413"/>
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="414"/>
        <source>Comprehensive grids</source>
        <translation>综合网格</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="415"/>
        <source>Dedicated grids</source>
        <translation>专属网格</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="415"/>
        <source>Imported layer</source>
        <translation>导入图层</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="416"/>
        <source>Grid choropleth</source>
        <translation>网格分级着色</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="416"/>
        <source>Heat (density)</source>
        <translation>热力（密度）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="417"/>
        <source>Case points</source>
        <translation>案件点位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="420"/>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="424"/>
        <source>Colour by aging</source>
        <translation>按时限预警着色</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="425"/>
        <source>Colour by state</source>
        <translation>按状态着色</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="429"/>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="429"/>
        <source>Rectangle select</source>
        <translation>框选</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="430"/>
        <source>Lasso select</source>
        <translation>套索选择</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="432"/>
        <source>Closed cases too</source>
        <translation>含已结案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="433"/>
        <source>Whole district</source>
        <translation>全区视图</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="434"/>
        <source>Import layer…</source>
        <translation>导入图层…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="435"/>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="437"/>
        <source>Point colours</source>
        <translation>点位着色</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="438"/>
        <source>Choropleth metric</source>
        <translation>分级着色指标</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_page.py" line="439"/>
        <source>Map legend</source>
        <translation>地图图例</translation>
    </message>
</context>
<context>
    <name>MapText</name>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="28"/>
        <source>Open cases</source>
        <translation>在办案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="28"/>
        <source>Overdue cases</source>
        <translation>超期案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="29"/>
        <source>Open cases per km²</source>
        <translation>每平方公里在办案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="30"/>
        <source>On-time closing rate this month (%)</source>
        <translation>本月按期结案率（%）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="31"/>
        <source>Closing rate this month (%)</source>
        <translation>本月结案率（%）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="35"/>
        <source>school</source>
        <translation>学校</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="35"/>
        <source>market</source>
        <translation>农贸市场</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="36"/>
        <source>park</source>
        <translation>公园</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="36"/>
        <source>hospital</source>
        <translation>医院</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="37"/>
        <source>scenic area</source>
        <translation>景区</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="37"/>
        <source>transit hub</source>
        <translation>交通枢纽</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="38"/>
        <source>commercial block</source>
        <translation>商圈楼宇</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="39"/>
        <source>business park</source>
        <translation>产业园区</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="40"/>
        <source>construction site</source>
        <translation>建设工地</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="41"/>
        <source>elderly care</source>
        <translation>养老服务机构</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="42"/>
        <source>other site</source>
        <translation>其他场所</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="53"/>
        <source>Dedicated grid {code} ({kind})</source>
        <translation>专属网格 {code}（{kind}）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="56"/>
        <source>Inside grid {code} {name}</source>
        <translation>所在综合网格：{code} {name}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="59"/>
        <source>Grid {code}</source>
        <translation>网格编码 {code}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="60"/>
        <source>Community: {name}</source>
        <translation>社区：{name}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="62"/>
        <source>none assigned</source>
        <translation>未配备</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="63"/>
        <source>Grid worker(s): {names}</source>
        <translation>网格员：{names}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="66"/>
        <source>Open: {open} · overdue: {overdue}</source>
        <translation>在办：{open} · 超期：{overdue}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="77"/>
        <source>no time limit running</source>
        <translation>无计时</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="79"/>
        <source>clock paused</source>
        <translation>计时暂停</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="81"/>
        <source>overdue by {h:.1f} h</source>
        <translation>已超期 {h:.1f} 小时</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="83"/>
        <source>{h:.1f} h left</source>
        <translation>剩余 {h:.1f} 小时</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="86"/>
        <source>State: {state}</source>
        <translation>状态：{state}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="87"/>
        <source>Time left: {left}</source>
        <translation>剩余时限：{left}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="92"/>
        <source>{cases} cases, {open} open, {overdue} overdue, {outside} without a grid.</source>
        <translation>案件 {cases} 件，在办 {open} 件，超期 {overdue} 件，未落入网格 {outside} 件。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="106"/>
        <source>No time limit</source>
        <translation>无时限</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="106"/>
        <source>On time</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="107"/>
        <source>Due soon (≥80%)</source>
        <translation>临期（≥80%）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="107"/>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="109"/>
        <source>● normal  ▲ urgent  ★ emergency</source>
        <translation>● 一般  ▲ 紧急  ★ 突发</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="113"/>
        <source>being computed…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="119"/>
        <source>no case due</source>
        <translation>无应结案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="120"/>
        <source>(low = worse)</source>
        <translation>（越低越差）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="125"/>
        <source>(zoom in for individual cases)</source>
        <translation>（放大可查看单个案件）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_text.py" line="127"/>
        <source>Heat: case density</source>
        <translation>热力：案件密度</translation>
    </message>
</context>
</TS>
