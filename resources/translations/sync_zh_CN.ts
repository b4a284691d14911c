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
</TS>
