<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>SyncPanel</name>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="187"/>
        <source>District sync</source>
        <translation>区平台数据同步</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="188"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="188"/>
        <source>Import preview</source>
        <translation>导入预览</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="189"/>
        <source>Quarantine</source>
        <translation>隔离区</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="189"/>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="212"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="190"/>
        <source>Possible duplicates</source>
        <translation>疑似重复</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="192"/>
        <source>Inbox folder</source>
        <translation>收件目录</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="193"/>
        <source>Outbox folder</source>
        <translation>发件目录</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="194"/>
        <source>Sync every (minutes, 0 = manual only)</source>
        <translation>同步间隔（分钟，0 = 仅手动）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="196"/>
        <source>Browse...</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="197"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="198"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="199"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="200"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="201"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="202"/>
        <source>Export quarantine...</source>
        <translation>导出隔离区…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="203"/>
        <source>Keep ours</source>
        <translation>保留本中心</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="204"/>
        <source>Take theirs</source>
        <translation>采用区平台</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="205"/>
        <source>Not a duplicate</source>
        <translation>不是重复</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="206"/>
        <source>Confirm duplicate</source>
        <translation>确认重复</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="207"/>
        <source>A district export: CSV, XLSX, JSON</source>
        <translation>区平台导出文件：CSV、XLSX、JSON</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="210"/>
        <source>Run</source>
        <translation>批次</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="210"/>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="210"/>
        <source>Kind</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="210"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="211"/>
        <source>Files</source>
        <translation>文件数</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="211"/>
        <source>Imported</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="211"/>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="211"/>
        <source>Unchanged</source>
        <translation>未变</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="212"/>
        <source>Quarantined</source>
        <translation>隔离</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="212"/>
        <source>Duration (s)</source>
        <translation>耗时（秒）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="214"/>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="217"/>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="220"/>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="214"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="214"/>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="223"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="214"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="214"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="215"/>
        <source>Value</source>
        <translation>原值</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="217"/>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="217"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="217"/>
        <source>Ours</source>
        <translation>本中心值</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="217"/>
        <source>Theirs</source>
        <translation>区平台值</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="218"/>
        <source>Last synced</source>
        <translation>上次同步值</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="220"/>
        <source>Incoming case</source>
        <translation>导入案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="220"/>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="221"/>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="224"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="220"/>
        <source>Open case</source>
        <translation>在办案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="221"/>
        <source>Distance (m)</source>
        <translation>距离（米）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="221"/>
        <source>Text similarity</source>
        <translation>文本相似度</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="223"/>
        <source>External id</source>
        <translation>外部编号</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="223"/>
        <source>Reported</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="223"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="224"/>
        <source>Source state</source>
        <translation>原系统状态</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="224"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="224"/>
        <source>Minor class</source>
        <translation>小类</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="225"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="225"/>
        <source>Longitude</source>
        <translation>经度</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="225"/>
        <source>Latitude</source>
        <translation>纬度</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="225"/>
        <source>Closed</source>
        <translation>结案时间</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="236"/>
        <source>Recognise from the header</source>
        <translation>按表头自动识别</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="283"/>
        <source>Last run: never</source>
        <translation>上次同步：无</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="286"/>
        <source>Last run: %1, %2</source>
        <translation>上次同步：%1，%2</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="290"/>
        <source>Next run: manual, or when a file arrives</source>
        <translation>下次同步：手动，或有新文件到达时</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="294"/>
        <source>Next run: about %1</source>
        <translation>下次同步：约 %1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="298"/>
        <source>Choose a folder</source>
        <translation>选择目录</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="303"/>
        <source>Choose a district export</source>
        <translation>选择区平台导出文件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="339"/>
        <source>manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="339"/>
        <source>scheduled</source>
        <translation>定时</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="340"/>
        <source>file arrived</source>
        <translation>新文件到达</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="340"/>
        <source>command line</source>
        <translation>命令行</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="341"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="341"/>
        <source>some files rejected</source>
        <translation>部分文件被拒收</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="342"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="342"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="347"/>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="378"/>
        <source>Set an inbox or an outbox folder first.</source>
        <translation>请先设置收件或发件目录。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="381"/>
        <source>Synchronising...</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="390"/>
        <source>Done: %1 imported, %2 updated, %3 unchanged, %4 quarantined, %5 conflicts</source>
        <translation>完成：新增 %1，更新 %2，未变 %3，隔离 %4，冲突 %5</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="401"/>
        <source>Cancelled: the batch in progress was rolled back; the next sync resumes the file.</source>
        <translation>已取消：正在写入的批次已回滚，下次同步将从断点继续导入该文件。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="424"/>
        <source>Profile %1: %2 rows read, %3 importable, %4 to quarantine (first rows shown)</source>
        <translation>映射方案 %1：读取 %2 行，可导入 %3 行，隔离 %4 行（仅显示前若干行）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="441"/>
        <source>%1: %2 imported, %3 updated, %4 unchanged, %5 quarantined, %6 conflicts</source>
        <translation>%1：新增 %2，更新 %3，未变 %4，隔离 %5，冲突 %6</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/sync/panel.py" line="451"/>
        <source>Export quarantine</source>
        <translation>导出隔离区</translation>
    </message>
</context>
<context>
    <name>ReferencePage</name>
    <message>
        <source>The history could not be read: %1</source>
        <translation>无法读取历史记录：%1</translation>
    </message>
    <message>
        <source>dropping filing condition(s) %1 is refused</source>
        <translation>不能删除立案条件 %1</translation>
    </message>
    <message>
        <source>%1 open case(s) are of this class</source>
        <translation>有 %1 件在办案件属于该小类</translation>
    </message>
    <message>
        <source>%1 open case(s) were registered under them</source>
        <translation>有 %1 件在办案件按这些条件立案</translation>
    </message>
    <message>
        <source>responsibility rule(s) %1 name it</source>
        <translation>权责清单规则 %1 引用了它</translation>
    </message>
    <message>
        <source>left unchanged</source>
        <translation>保持不变</translation>
    </message>
    <message>
        <source>categories</source>
        <translation>案件类别</translation>
    </message>
    <message>
        <source>category</source>
        <translation>案件类别</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>it is this command centre</source>
        <translation>它是本指挥中心</translation>
    </message>
    <message>
        <source>%1 open case(s) are led by it</source>
        <translation>有 %1 件在办案件由其主办</translation>
    </message>
    <message>
        <source>%1 people on duty belong to it</source>
        <translation>有 %1 名在岗人员属于该单位</translation>
    </message>
    <message>
        <source>units below it stay: %1</source>
        <translation>其下级单位仍保留：%1</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
    <message>
        <source>Preview changes</source>
        <translation>预览变更</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Full export (retire what is missing)</source>
        <translation>全量导出（文件中没有的将停用）</translation>
    </message>
    <message>
        <source>A full export lists every unit or person: a record missing from it is retired. Untick for a file with only some records.</source>
        <translation>全量导出列出全部单位或人员：文件中缺少的记录将被停用。文件只含部分记录时请取消勾选。</translation>
    </message>
    <message>
        <source>The district's units, people or categories export (CSV or XLSX), its responsibility rules (JSON) or its grids (GeoJSON)</source>
        <translation>区平台导出的单位、人员或案件分类名录（CSV 或 XLSX）、权责清单（JSON）或网格图层（GeoJSON）</translation>
    </message>
    <message>
        <source>Recognise from the header</source>
        <translation>按表头识别</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Applied reference changes (newest first)</source>
        <translation>已应用的基础数据变更（最新在前）</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>原值</translation>
    </message>
    <message>
        <source>After</source>
        <translation>新值</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Code / row</source>
        <translation>编码 / 行</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>应用时间</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Changes in the file</source>
        <translation>文件中的变更</translation>
    </message>
    <message>
        <source>Problems, refusals and notes</source>
        <translation>问题、拒绝与提示</translation>
    </message>
    <message>
        <source>Applied reference changes</source>
        <translation>已应用的基础数据变更</translation>
    </message>
    <message>
        <source>added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>retired</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>reactivated</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>unit type</source>
        <translation>单位类型</translation>
    </message>
    <message>
        <source>street</source>
        <translation>所属街道</translation>
    </message>
    <message>
        <source>parent unit</source>
        <translation>上级单位</translation>
    </message>
    <message>
        <source>team</source>
        <translation>班组</translation>
    </message>
    <message>
        <source>role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>on duty</source>
        <translation>在岗</translation>
    </message>
    <message>
        <source>problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>not retired</source>
        <translation>未停用</translation>
    </message>
    <message>
        <source>note</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Reference export</source>
        <translation>基础数据导出文件</translation>
    </message>
    <message>
        <source>Exports (*.csv *.xlsx *.json *.geojson)</source>
        <translation>导出文件 (*.csv *.xlsx *.json *.geojson)</translation>
    </message>
    <message>
        <source>Choose a reference file first.</source>
        <translation>请先选择基础数据文件。</translation>
    </message>
    <message>
        <source>Reading %1 ...</source>
        <translation>正在读取 %1 ...</translation>
    </message>
    <message>
        <source>units</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>people</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>%1: %2 problem(s); the file cannot be applied until they are fixed at the source.</source>
        <translation>%1：%2 个问题；须在数据源修正后才能应用该文件。</translation>
    </message>
    <message>
        <source>%1 was already applied; nothing was changed.</source>
        <translation>%1 已应用过，未做任何更改。</translation>
    </message>
    <message>
        <source>%1 (%2, %3 records): %4 added, %5 changed, %6 retired, %7 reactivated, %8 unchanged, %9 retirements refused</source>
        <translation>%1（%2，共 %3 条）：%4 个新增，%5 个变更，%6 个停用，%7 个恢复，%8 个未变，%9 个停用被拒绝</translation>
    </message>
    <message>
        <source>Applied: %1</source>
        <translation>已应用：%1</translation>
    </message>
    <message>
        <source>Only an administrator may change the organisation's units, people, grids, categories and responsibility rules.</source>
        <translation>只有管理员可以修改单位、人员、网格、案件分类和权责清单。</translation>
    </message>
    <message>
        <source>Preview the file first; a file with problems or without changes cannot be applied.</source>
        <translation>请先预览文件；有问题或没有变更的文件不能应用。</translation>
    </message>
    <message>
        <source>Apply these changes in one step; every change is kept in the history.</source>
        <translation>一次性应用这些变更；每项变更都记入历史。</translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation>未应用：%1</translation>
    </message>
    <message>
        <source>person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Categories and standards</source>
        <translation>案件分类与立结案标准</translation>
    </message>
    <message>
        <source>filing condition %1</source>
        <translation>立案条件 %1</translation>
    </message>
    <message>
        <source>closing condition of filing condition %1</source>
        <translation>立案条件 %1 的结案条件</translation>
    </message>
    <message>
        <source>time limit of filing condition %1, area class A</source>
        <translation>立案条件 %1 的处置时限（A类区域）</translation>
    </message>
    <message>
        <source>time limit of filing condition %1, area class B</source>
        <translation>立案条件 %1 的处置时限（B类区域）</translation>
    </message>
    <message>
        <source>time limit of filing condition %1, area class C</source>
        <translation>立案条件 %1 的处置时限（C类区域）</translation>
    </message>
    <message>
        <source>major class</source>
        <translation>大类编码</translation>
    </message>
    <message>
        <source>major class name</source>
        <translation>大类名称</translation>
    </message>
    <message>
        <source>event or component</source>
        <translation>事件/部件</translation>
    </message>
    <message>
        <source>closing condition</source>
        <translation>结案条件</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>监督主体</translation>
    </message>
    <message>
        <source>responsible body</source>
        <translation>责任主体</translation>
    </message>
    <message>
        <source>legal basis</source>
        <translation>法律依据</translation>
    </message>
    <message>
        <source>emergency</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Responsibility rules</source>
        <translation>权责清单</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>filing condition</source>
        <translation>立案条件</translation>
    </message>
    <message>
        <source>area class</source>
        <translation>区域类别</translation>
    </message>
    <message>
        <source>grid layer</source>
        <translation>网格类型</translation>
    </message>
    <message>
        <source>site kind</source>
        <translation>场所类型</translation>
    </message>
    <message>
        <source>owner unit</source>
        <translation>权属单位</translation>
    </message>
    <message>
        <source>time window</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>deadline of the rule</source>
        <translation>规则处置时限</translation>
    </message>
    <message>
        <source>lead unit</source>
        <translation>主办单位</translation>
    </message>
    <message>
        <source>priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>responsibility rules</source>
        <translation>权责清单</translation>
    </message>
    <message>
        <source>responsibility rule</source>
        <translation>权责清单规则</translation>
    </message>
    <message>
        <source>rule note</source>
        <translation>规则说明</translation>
    </message>
    <message>
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>community</source>
        <translation>社区</translation>
    </message>
    <message>
        <source>area (km²)</source>
        <translation>面积（平方千米）</translation>
    </message>
    <message>
        <source>retired on</source>
        <translation>停用日期</translation>
    </message>
    <message>
        <source>centre longitude</source>
        <translation>中心点经度</translation>
    </message>
    <message>
        <source>centre latitude</source>
        <translation>中心点纬度</translation>
    </message>
    <message>
        <source>comprehensive grid</source>
        <translation>综合网格</translation>
    </message>
    <message>
        <source>dedicated grid</source>
        <translation>专属网格</translation>
    </message>
    <message>
        <source>%1 open case(s) are in this grid</source>
        <translation>有 %1 件在办案件位于该网格</translation>
    </message>
    <message>
        <source>grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>boundary</source>
        <translation>边界</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <source>Reference data</source>
        <translation>基础数据</translation>
    </message>
</context>
</TS>
