<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About OneWindow</source>
        <translation>关于一窗通</translation>
    </message>
    <message>
        <source>OneWindow — one-window intake for the service hall</source>
        <translation>一窗通 — 政务服务中心综合受理窗口</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>版本：</translation>
    </message>
    <message>
        <source>Hall:</source>
        <translation>服务中心：</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>窗口：</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>数据目录：</translation>
    </message>
    <message>
        <source>Log folder:</source>
        <translation>日志目录：</translation>
    </message>
    <message>
        <source>Qt:</source>
        <translation>Qt：</translation>
    </message>
</context>
<context>
    <name>AddUserDialog</name>
    <message>
        <source>Add user</source>
        <translation>新增账号</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Display name:</source>
        <translation>姓名(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>角色(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Re&amp;peat password:</source>
        <translation>确认密码(&amp;E)：</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>Settings</source>
        <translation>本机设置</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>账号管理</translation>
    </message>
</context>
<context>
    <name>ApplicationDetailDialog</name>
    <message>
        <source>Application — %1</source>
        <translation>办件详情 — %1</translation>
    </message>
    <message>
        <source>not accepted</source>
        <translation>未受理</translation>
    </message>
    <message>
        <source>Acceptance no.</source>
        <translation>受理编号</translation>
    </message>
    <message>
        <source>Official no.</source>
        <translation>办件编号</translation>
    </message>
    <message>
        <source>(not yet from the platform)</source>
        <translation>（平台尚未返回）</translation>
    </message>
    <message>
        <source>Matter</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>%1 (%2, version %3)   %4</source>
        <translation>%1（%2，第 %3 版）&#x3000;%4</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Status here</source>
        <translation>本地状态</translation>
    </message>
    <message>
        <source>(updated %1)</source>
        <translation>（%1 更新）</translation>
    </message>
    <message>
        <source>Status on the platform</source>
        <translation>平台状态</translation>
    </message>
    <message>
        <source>Entered</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Promised by</source>
        <translation>承诺办结日期</translation>
    </message>
    <message>
        <source>Supplement due</source>
        <translation>补正期限</translation>
    </message>
    <message>
        <source>Window / clerk</source>
        <translation>窗口 / 受理人</translation>
    </message>
    <message>
        <source>Supplement note</source>
        <translation>补正告知</translation>
    </message>
    <message>
        <source>Reason for non-acceptance</source>
        <translation>不予受理理由</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>材料名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收取情况</translation>
    </message>
    <message>
        <source>Pages scanned</source>
        <translation>扫描页数</translation>
    </message>
    <message>
        <source>Materials (%1)</source>
        <translation>材料（%1）</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>From</source>
        <translation>原状态</translation>
    </message>
    <message>
        <source>To</source>
        <translation>新状态</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>History (%1)</source>
        <translation>状态记录（%1）</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>文书</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>(reprint)</source>
        <translation>（补打）</translation>
    </message>
    <message>
        <source>printed</source>
        <translation>已打印</translation>
    </message>
    <message>
        <source>saved as PDF</source>
        <translation>已存为PDF</translation>
    </message>
    <message>
        <source>Papers (%1)</source>
        <translation>打印记录（%1）</translation>
    </message>
    <message>
        <source>legal representative %1</source>
        <translation>法定代表人 %1</translation>
    </message>
    <message>
        <source>bring by %1</source>
        <translation>须于 %1 前补交</translation>
    </message>
    <message>
        <source>required</source>
        <translation>必要</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>copies: %1</source>
        <translation>%1 份</translation>
    </message>
</context>
<context>
    <name>ApplicationLinesModel</name>
    <message>
        <source>Acceptance no.</source>
        <translation>受理编号</translation>
    </message>
    <message>
        <source>Matter</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Entered</source>
        <translation>首次录入</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>决定时间</translation>
    </message>
    <message>
        <source>Promised by</source>
        <translation>承诺办结日</translation>
    </message>
    <message>
        <source>(no number)</source>
        <translation>（未编号）</translation>
    </message>
</context>
<context>
    <name>ApplicationsModel</name>
    <message>
        <source>Acceptance no.</source>
        <translation>受理编号</translation>
    </message>
    <message>
        <source>Matter</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Entered</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Promised by</source>
        <translation>承诺办结</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>受理人</translation>
    </message>
    <message>
        <source>Official no.</source>
        <translation>办件编号</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台状态</translation>
    </message>
    <message>
        <source>(not accepted)</source>
        <translation>（未受理）</translation>
    </message>
    <message>
        <source>(deleted)</source>
        <translation>（已删除）</translation>
    </message>
</context>
<context>
    <name>ApplicationsPage</name>
    <message>
        <source>Refresh (F5)</source>
        <translation>刷新(F5)</translation>
    </message>
    <message numerus="yes">
        <source>%n application(s)</source>
        <translation>
            <numerusform>共 %n 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>More than %n applications: narrow the search</source>
        <translation>
            <numerusform>超过 %n 件，请缩小范围</numerusform>
        </translation>
    </message>
    <message>
        <source>Application</source>
        <translation>办件详情</translation>
    </message>
    <message>
        <source>Papers / reprint… (Ctrl+P)</source>
        <translation>文书 / 补打…（Ctrl+P）</translation>
    </message>
</context>
<context>
    <name>CameraBackend</name>
    <message>
        <source>The document camera was disconnected (unplugged?). Check the cable; scanning and importing files still work.</source>
        <translation>高拍仪已断开（是否拔出？）。请检查连接线；扫描和导入文件仍可使用。</translation>
    </message>
    <message>
        <source>No document camera is enabled on this PC (setting devices.camera = none).</source>
        <translation>本机未启用高拍仪（设置 devices.camera = none）。</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <source>Document camera — retake the page</source>
        <translation>高拍仪 — 重拍此页</translation>
    </message>
    <message>
        <source>Document camera</source>
        <translation>高拍仪</translation>
    </message>
    <message>
        <source>Opening the camera…</source>
        <translation>正在打开高拍仪…</translation>
    </message>
    <message>
        <source>Capture (Space)</source>
        <translation>拍摄（空格）</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Camera:</source>
        <translation>摄像头：</translation>
    </message>
    <message>
        <source>Captured, saving…</source>
        <translation>已拍摄，正在保存…</translation>
    </message>
    <message>
        <source>Camera unavailable</source>
        <translation>高拍仪不可用</translation>
    </message>
</context>
<context>
    <name>CapturePanel</name>
    <message>
        <source>{0} (unavailable)</source>
        <translation>{0}（不可用）</translation>
    </message>
    <message>
        <source>Import files…</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <source>Choose images or PDF files, or drag files onto the pages</source>
        <translation>选择图片或 PDF 文件，或将文件拖到页面区域</translation>
    </message>
    <message>
        <source>Scan folder</source>
        <translation>扫描文件夹</translation>
    </message>
    <message>
        <source>Document camera</source>
        <translation>高拍仪</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>扫描仪</translation>
    </message>
    <message>
        <source>◀ Earlier</source>
        <translation>◀ 前移</translation>
    </message>
    <message>
        <source>Later ▶</source>
        <translation>后移 ▶</translation>
    </message>
    <message>
        <source>Rotate 90°</source>
        <translation>旋转 90°</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Retake</source>
        <translation>重拍</translation>
    </message>
    <message>
        <source>Replace the selected page with a camera shot or a file</source>
        <translation>用高拍仪拍摄或文件替换所选页面</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Images or PDF ({0});;All files (*)</source>
        <translation>图片或 PDF（{0}）;;所有文件 (*)</translation>
    </message>
    <message>
        <source>Select a material in the checklist</source>
        <translation>请在材料清单中选择一项材料</translation>
    </message>
    <message>
        <source>{0} (electronic copy required)</source>
        <translation>{0}（须提供电子件）</translation>
    </message>
    <message>
        <source>The application has been accepted; its pages are read-only.</source>
        <translation>该办件已受理，材料页面只读。</translation>
    </message>
    <message>
        <source>Pages: {0}</source>
        <translation>页数：{0}</translation>
    </message>
    <message>
        <source>File damaged,
please retake</source>
        <translation>文件已损坏，
请重新采集</translation>
    </message>
    <message>
        <source>Choose material files</source>
        <translation>选择材料文件</translation>
    </message>
    <message>
        <source>Importing {0} file(s)…</source>
        <translation>正在导入 {0} 个文件…</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation>正在扫描…</translation>
    </message>
    <message>
        <source>Saving the captured page…</source>
        <translation>正在保存拍摄的页面…</translation>
    </message>
    <message>
        <source>Saved page {0}</source>
        <translation>已保存第 {0} 页</translation>
    </message>
    <message>
        <source>Select the page to rotate first.</source>
        <translation>请先选择要旋转的页面。</translation>
    </message>
    <message>
        <source>Rotating…</source>
        <translation>正在旋转…</translation>
    </message>
    <message>
        <source>Page {0} rotated</source>
        <translation>第 {0} 页已旋转</translation>
    </message>
    <message>
        <source>Page deleted.</source>
        <translation>页面已删除。</translation>
    </message>
    <message>
        <source>Select the page to retake first.</source>
        <translation>请先选择要重拍的页面。</translation>
    </message>
    <message>
        <source>Choose the replacement file</source>
        <translation>选择替换文件</translation>
    </message>
    <message>
        <source>Replacing the page…</source>
        <translation>正在替换页面…</translation>
    </message>
    <message>
        <source>Page {0} replaced</source>
        <translation>第 {0} 页已替换</translation>
    </message>
    <message>
        <source>Export as PDF</source>
        <translation>导出为 PDF</translation>
    </message>
    <message>
        <source>Exporting PDF…</source>
        <translation>正在导出 PDF…</translation>
    </message>
    <message>
        <source>Exported to {0}</source>
        <translation>已导出到 {0}</translation>
    </message>
    <message>
        <source>The previous operation is still running; please wait.</source>
        <translation>上一个操作仍在进行，请稍候。</translation>
    </message>
    <message>
        <source>The operation failed ({0}). Pages already saved are kept; the log has details.</source>
        <translation>操作失败（{0}）。已保存的页面不受影响，详情见日志。</translation>
    </message>
    <message>
        <source>· {0} more file(s) not imported</source>
        <translation>· 另有 {0} 个文件未导入</translation>
    </message>
    <message>
        <source>Cancelling… (pages already saved are kept)</source>
        <translation>正在取消…（已保存的页面会保留）</translation>
    </message>
    <message>
        <source>Moving the page…</source>
        <translation>正在移动页面…</translation>
    </message>
    <message>
        <source>Deleting the page…</source>
        <translation>正在删除页面…</translation>
    </message>
</context>
<context>
    <name>CardReadingBar</name>
    <message>
        <source>Read ID card (F4)</source>
        <translation>读身份证 (F4)</translation>
    </message>
    <message>
        <source>Card reader unavailable: %1. Please type the details.</source>
        <translation>读卡器不可用：%1。请手工录入。</translation>
    </message>
    <message>
        <source>Choose the matter first, then read the card</source>
        <translation>请先选择事项，再读卡</translation>
    </message>
    <message>
        <source>Reading the card…</source>
        <translation>正在读卡…</translation>
    </message>
    <message>
        <source>No card on the reader: lay the card flat on it and try again</source>
        <translation>读卡器上没有身份证，请将卡片平放在读卡区后重试</translation>
    </message>
    <message>
        <source>Note: this ID card expired on %1; please check</source>
        <translation>注意：该身份证已于 %1 过期，请核实</translation>
    </message>
    <message>
        <source>Read the ID card of %1 (%2)</source>
        <translation>已读取 %1 的身份证（%2）</translation>
    </message>
    <message>
        <source>Reading failed: try again or type the details</source>
        <translation>读卡失败，请重试或手工录入</translation>
    </message>
</context>
<context>
    <name>CertificateAssist</name>
    <message>
        <source>Looking up e-certificates…</source>
        <translation>正在查询电子证照…</translation>
    </message>
    <message>
        <source>E-certificates available: %1 (press E on the row in the checklist)</source>
        <translation>可用电子证照：%1（在材料清单中按 E 使用）</translation>
    </message>
    <message>
        <source>No usable e-certificate found</source>
        <translation>未查到可用的电子证照</translation>
    </message>
    <message>
        <source>No e-certificate is available for this material: type the applicant&apos;s ID number and wait for the look-up, or take the paper.</source>
        <translation>该材料没有可用的电子证照：请先录入申请人证件号码并等待查询结果，或收取纸质材料。</translation>
    </message>
    <message>
        <source>No e-certificate can stand in for this material: take the paper.</source>
        <translation>该材料不能以电子证照代替，请收取纸质材料。</translation>
    </message>
    <message>
        <source>This counter does not use the e-certificate service: take the paper.</source>
        <translation>本窗口未接入电子证照服务，请收取纸质材料。</translation>
    </message>
    <message>
        <source>The e-certificates are still being looked up: wait a moment, or take the paper.</source>
        <translation>正在查询电子证照，请稍候，或收取纸质材料。</translation>
    </message>
    <message>
        <source>The applicant has no usable e-certificate for this material: take the paper.</source>
        <translation>申请人没有该材料可用的电子证照，请收取纸质材料。</translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>材料名称</translation>
    </message>
    <message>
        <source>Asked for</source>
        <translation>要求</translation>
    </message>
    <message>
        <source>State</source>
        <translation>收取状态</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收取情况</translation>
    </message>
    <message>
        <source>E-certificate</source>
        <translation>电子证照</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>required</source>
        <translation>必要</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>bring by %1</source>
        <translation>%1 前补交</translation>
    </message>
    <message>
        <source>used</source>
        <translation>已调用</translation>
    </message>
    <message>
        <source>available</source>
        <translation>可调用</translation>
    </message>
    <message>
        <source>may stand in</source>
        <translation>可用证照替代</translation>
    </message>
    <message>
        <source>may be deferred</source>
        <translation>可容缺</translation>
    </message>
    <message>
        <source>scan required</source>
        <translation>须扫描</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>copies: %1</source>
        <translation>%1 份</translation>
    </message>
    <message>
        <source>pages scanned: %1</source>
        <translation>已扫描 %1 页</translation>
    </message>
</context>
<context>
    <name>ChecklistView</name>
    <message>
        <source>Space: received, next row   M: missing   D: deferred   E: e-certificate   +/-: copies   Backspace: reset   F6 camera · F7 scanner · F8 files · F9 scan folder</source>
        <translation>空格 收取并到下一项&#x3000;M 缺少&#x3000;D 容缺&#x3000;E 电子证照&#x3000;+/- 份数&#x3000;退格 重置&#x3000;F6 高拍仪 · F7 扫描仪 · F8 导入文件 · F9 扫描文件夹</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>办件</translation>
    </message>
    <message>
        <source>This window / the other side</source>
        <translation>本窗口 / 对方</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>This window&apos;s version</source>
        <translation>本窗口的版本</translation>
    </message>
    <message>
        <source>The platform&apos;s version</source>
        <translation>平台的版本</translation>
    </message>
    <message>
        <source>Note for the record (optional)</source>
        <translation>处理说明（可选，记入审计）</translation>
    </message>
    <message>
        <source>Keep this window&apos;s version</source>
        <translation>采用本窗口版本</translation>
    </message>
    <message>
        <source>Take the platform&apos;s version</source>
        <translation>采用平台版本</translation>
    </message>
    <message>
        <source>Acknowledge (not applied)</source>
        <translation>已知悉（不采用）</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s) wait for a supervisor&apos;s decision.</source>
        <translation>
            <numerusform>%n 件冲突等待主管处理。</numerusform>
        </translation>
    </message>
    <message>
        <source>No conflicts: everything the platform reported was applied.</source>
        <translation>没有冲突：平台报告的状态都已应用。</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>OneWindow — unexpected error</source>
        <translation>一窗通 — 意外错误</translation>
    </message>
    <message>
        <source>Sorry, OneWindow ran into an unexpected error. Work already saved is safe.</source>
        <translation>抱歉，一窗通遇到了意外错误。已保存的数据不受影响。</translation>
    </message>
    <message>
        <source>A report was saved to:
%1
Please give this file to IT.</source>
        <translation>错误报告已保存到：
%1
请将此文件交给信息技术人员。</translation>
    </message>
    <message>
        <source>Show details</source>
        <translation>显示详情</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续使用</translation>
    </message>
    <message>
        <source>Quit OneWindow</source>
        <translation>退出一窗通</translation>
    </message>
</context>
<context>
    <name>DecisionBar</name>
    <message>
        <source>Accept</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Complete now</source>
        <translation>即办</translation>
    </message>
    <message>
        <source>Supplement notice</source>
        <translation>补正告知</translation>
    </message>
    <message>
        <source>Not accepted</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>续办</translation>
    </message>
    <message>
        <source>Next citizen</source>
        <translation>下一位</translation>
    </message>
</context>
<context>
    <name>DecisionFlow</name>
    <message>
        <source>Accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <source>Completed at the window</source>
        <translation>已当场办结</translation>
    </message>
    <message>
        <source>Supplement notice issued</source>
        <translation>已发出补正告知</translation>
    </message>
    <message>
        <source>Not accepted: the notice is issued</source>
        <translation>已作出不予受理决定</translation>
    </message>
    <message>
        <source>Acceptance no. %1</source>
        <translation>受理编号 %1</translation>
    </message>
    <message>
        <source>Promised by %1</source>
        <translation>承诺办结日期 %1</translation>
    </message>
    <message>
        <source>Supplement due %1</source>
        <translation>补正期限 %1</translation>
    </message>
    <message>
        <source>F2: next citizen</source>
        <translation>按 F2 接待下一位</translation>
    </message>
    <message>
        <source>Cannot decide</source>
        <translation>无法办理</translation>
    </message>
</context>
<context>
    <name>DeferralDialog</name>
    <message>
        <source>Deferred material</source>
        <translation>容缺受理</translation>
    </message>
    <message>
        <source>“%1” is deferred: the date the applicant promises to bring it:</source>
        <translation>“%1”容缺后补，申请人承诺补交日期：</translation>
    </message>
    <message>
        <source>Bring by</source>
        <translation>补交日期</translation>
    </message>
    <message>
        <source>At the latest by the promised completion date, %1</source>
        <translation>最晚不超过办结期限 %1</translation>
    </message>
</context>
<context>
    <name>DrillDownDialog</name>
    <message>
        <source>Applications: %1</source>
        <translation>办件明细：%1</translation>
    </message>
    <message>
        <source>%1 — %2 application(s)</source>
        <translation>%1 — 共 %2 件</translation>
    </message>
    <message>
        <source> (showing the first %1)</source>
        <translation>（仅显示前 %1 件）</translation>
    </message>
</context>
<context>
    <name>DueDateConfirmation</name>
    <message>
        <source>Confirm the promised due date</source>
        <translation>请确认承诺办结日期</translation>
    </message>
    <message>
        <source>Accept with this date</source>
        <translation>按此日期受理</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>暂不受理</translation>
    </message>
</context>
<context>
    <name>DueModel</name>
    <message>
        <source>Acceptance no.</source>
        <translation>受理编号</translation>
    </message>
    <message>
        <source>Matter</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Promised by</source>
        <translation>承诺办结日</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Any date</source>
        <translation>全部日期</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>近7天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>近30天</translation>
    </message>
    <message>
        <source>Dates…</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Acceptance no. / official no. / applicant&apos;s name / ID number</source>
        <translation>受理编号 / 办件编号 / 申请人姓名 / 证件号码</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Any matter</source>
        <translation>全部事项</translation>
    </message>
    <message>
        <source>Any clerk</source>
        <translation>全部受理人</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>OneWindow — First-time set-up</source>
        <translation>一窗通 — 首次设置</translation>
    </message>
    <message>
        <source>No accounts exist yet. Create the administrator account for this counter; the administrator can then add the clerks&apos; accounts.</source>
        <translation>本机尚无账号。请先创建本窗口的管理员账号，之后由管理员为窗口人员添加账号。</translation>
    </message>
    <message>
        <source>e.g. Zhang Wei</source>
        <translation>例如：张伟</translation>
    </message>
    <message>
        <source>Create and sign in</source>
        <translation>创建并登录</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Display name:</source>
        <translation>姓名(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Repeat password:</source>
        <translation>确认密码(&amp;R)：</translation>
    </message>
    <message>
        <source>At least 8 characters, with both letters and digits.</source>
        <translation>至少 8 位，需同时包含字母和数字。</translation>
    </message>
    <message>
        <source>Password strength is fine.</source>
        <translation>密码强度符合要求。</translation>
    </message>
    <message>
        <source>The two passwords do not match.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>Opening the database, one moment…</source>
        <translation>正在打开数据库，请稍候…</translation>
    </message>
</context>
<context>
    <name>FirstRunLock</name>
    <message>
        <source>This PC has no administrator account yet, and creating one here is switched off. IT creates it on this PC with:
onewindow users add admin --role admin --password-stdin
(or sets [security] allow_first_run_setup = true in the provisioning file), then starts OneWindow again.</source>
        <translation>本机尚无管理员账号，且已禁止在此创建。请由 IT 在本机执行：
onewindow users add admin --role admin --password-stdin
（或在配置文件中设置 [security] allow_first_run_setup = true），然后重新启动一窗通。</translation>
    </message>
</context>
<context>
    <name>GroupModel</name>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
</context>
<context>
    <name>HallPage</name>
    <message>
        <source>Scan the receipt&apos;s QR code, or type the acceptance number, the platform&apos;s case number or an ID number, then Enter</source>
        <translation>扫描回执上的二维码，或输入受理编号、办件编号、身份证号码，按回车</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Read ID card (F4)</source>
        <translation>读身份证 (F4)</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Accepted at</source>
        <translation>受理窗口</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Matter</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Find a case to see it here.</source>
        <translation>查找办件后在此显示。</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <source>Supplement received (F5)</source>
        <translation>补齐材料并受理 (F5)</translation>
    </message>
    <message>
        <source>Deferred material delivered (F6)</source>
        <translation>补交容缺材料 (F6)</translation>
    </message>
    <message>
        <source>Hand over the result (F7)</source>
        <translation>交付办理结果 (F7)</translation>
    </message>
    <message>
        <source>Find a case of any window</source>
        <translation>查找大厅任一窗口的办件</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>History (all windows)</source>
        <translation>办理记录（各窗口）</translation>
    </message>
    <message>
        <source>Looking for the case…</source>
        <translation>正在查找办件…</translation>
    </message>
    <message>
        <source>No card on the reader.</source>
        <translation>读卡器上没有身份证。</translation>
    </message>
    <message>
        <source>%1 (this PC)</source>
        <translation>%1（本机）</translation>
    </message>
    <message>
        <source>from this PC&apos;s hall cache</source>
        <translation>（本机大厅缓存）</translation>
    </message>
    <message>
        <source>from the platform</source>
        <translation>（中心平台）</translation>
    </message>
    <message>
        <source>%1 case(s) found %2.</source>
        <translation>找到 %1 件办件%2。</translation>
    </message>
    <message>
        <source>this PC</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>window %1</source>
        <translation>%1 号窗口</translation>
    </message>
    <message>
        <source>cached in full here</source>
        <translation>已完整缓存到本机</translation>
    </message>
    <message>
        <source>summary from the hall feed</source>
        <translation>大厅数据摘要</translation>
    </message>
    <message>
        <source>accepted at this PC</source>
        <translation>本机受理</translation>
    </message>
    <message>
        <source>Applicant %1 %2 · accepted at %3 by %4 on %5 · due %6</source>
        <translation>申请人 %1 %2 · %3 %4 于 %5 受理 · 承诺办结日 %6</translation>
    </message>
    <message>
        <source>Platform version %1 · %2</source>
        <translation>平台第 %1 版 · %2</translation>
    </message>
    <message>
        <source>Result: %1</source>
        <translation>出件：%1</translation>
    </message>
    <message>
        <source>An action of this window on the case waits to reach the platform.</source>
        <translation>本窗口对该办件的操作尚待上传中心平台。</translation>
    </message>
    <message>
        <source> (%1 here)</source>
        <translation>（本机 %1 页）</translation>
    </message>
    <message>
        <source> (optional)</source>
        <translation>（非必需）</translation>
    </message>
    <message>
        <source> (waiting to be sent)</source>
        <translation>（待上传）</translation>
    </message>
    <message>
        <source> (not taken)</source>
        <translation>（未被采用）</translation>
    </message>
    <message>
        <source> (refused by the platform)</source>
        <translation>（被平台退回）</translation>
    </message>
    <message>
        <source>the materials listed</source>
        <translation>告知书所列材料</translation>
    </message>
    <message>
        <source>The citizen brought %1. Accept case %2 under its original number now?</source>
        <translation>申请人已补齐：%1。现在按原受理编号 %2 受理该办件吗？</translation>
    </message>
    <message>
        <source>Record that %1 was delivered for case %2?</source>
        <translation>确认办件 %2 的容缺材料“%1”已补交？</translation>
    </message>
    <message>
        <source>Continue the case</source>
        <translation>继续办理</translation>
    </message>
    <message>
        <source>Recorded at this window (case %1, now %2); it is sent to the platform with the next sync.</source>
        <translation>已在本窗口记录（办件 %1，现为“%2”），将在下次同步时上传中心平台。</translation>
    </message>
    <message>
        <source>Not taken: %1</source>
        <translation>未被采用：%1</translation>
    </message>
    <message>
        <source>Another window was first</source>
        <translation>其他窗口已先办理</translation>
    </message>
    <message>
        <source>Nothing was lost: this window&apos;s action is kept and listed for the supervisor; the case now shows what the platform holds.</source>
        <translation>本窗口的操作没有丢失：已保留并列入主管的冲突清单；办件现按中心平台的记录显示。</translation>
    </message>
    <message>
        <source>The latest cases of other windows, as the hall feed brought them. Open one, or scan a receipt or type a number to find any case.</source>
        <translation>大厅其他窗口最近受理的办件（来自大厅数据同步）。双击打开一件，或扫描回执二维码、输入编号查找任意办件。</translation>
    </message>
    <message>
        <source>Applicant %1 %2 · told at %3 by %4 on %5 to bring what is missing · supplement due %6</source>
        <translation>申请人 %1 %2 · %3 %4 于 %5 一次性告知补正 · 补正期限 %6</translation>
    </message>
    <message>
        <source>Recorded at this window (case %1, now %2) and sent to the platform.</source>
        <translation>已在本窗口记录（办件 %1，现为“%2”），已上传中心平台。</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <source>Hand over the result — %1</source>
        <translation>交付办理结果 — %1</translation>
    </message>
    <message>
        <source>The applicant in person</source>
        <translation>申请人本人</translation>
    </message>
    <message>
        <source>An authorised agent</source>
        <translation>委托代理人</translation>
    </message>
    <message>
        <source>The applicant&apos;s written authorisation was checked</source>
        <translation>已查验申请人的授权委托书</translation>
    </message>
    <message>
        <source>Read the collector&apos;s ID card (F4)</source>
        <translation>读取领取人身份证 (F4)</translation>
    </message>
    <message>
        <source>No ID card read yet</source>
        <translation>尚未读取身份证</translation>
    </message>
    <message>
        <source>Collected at this window</source>
        <translation>本窗口领取</translation>
    </message>
    <message>
        <source>Sent by post</source>
        <translation>邮寄送达</translation>
    </message>
    <message>
        <source>Collector</source>
        <translation>领取人</translation>
    </message>
    <message>
        <source>How</source>
        <translation>交付方式</translation>
    </message>
    <message>
        <source>Courier</source>
        <translation>快递公司</translation>
    </message>
    <message>
        <source>Waybill number</source>
        <translation>运单号</translation>
    </message>
    <message>
        <source>No card on the reader.</source>
        <translation>读卡器上没有身份证。</translation>
    </message>
    <message>
        <source>Read the collector&apos;s ID card first.</source>
        <translation>请先读取领取人的身份证。</translation>
    </message>
</context>
<context>
    <name>IntakePage</name>
    <message>
        <source>Choose the matter first</source>
        <translation>请先选择事项</translation>
    </message>
    <message>
        <source>Handled by an agent</source>
        <translation>由经办人（代理人）代为办理</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>经办人（代理人）</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>材料清单</translation>
    </message>
    <message numerus="yes">
        <source>%n unfinished draft(s) (e.g. from before a power cut): press F3 to continue.</source>
        <translation>
            <numerusform>有 %n 件未完成的草稿（如断电前正在办理的），按 F3 继续办理。</numerusform>
        </translation>
    </message>
    <message>
        <source>immediate</source>
        <translation>即办件</translation>
    </message>
    <message numerus="yes">
        <source>promised in %n working day(s)</source>
        <translation>
            <numerusform>承诺 %n 个工作日</numerusform>
        </translation>
    </message>
    <message>
        <source>Acceptance no. %1</source>
        <translation>受理编号 %1</translation>
    </message>
    <message>
        <source>Continuing: %1 (%2)</source>
        <translation>继续办理：%1（%2）</translation>
    </message>
    <message>
        <source>Draft saved</source>
        <translation>草稿已自动保存</translation>
    </message>
    <message>
        <source>Returning applicant: details from the last visit filled in (%1); please check them</source>
        <translation>老申请人：已带出上次登记的信息（%1），请核对</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>waiting for supplement</source>
        <translation>待补正</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <source>transferred</source>
        <translation>已转办</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已办结</translation>
    </message>
    <message>
        <source>not accepted</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>未核验</translation>
    </message>
    <message>
        <source>received</source>
        <translation>已收取</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺少</translation>
    </message>
    <message>
        <source>deferred</source>
        <translation>容缺后补</translation>
    </message>
    <message>
        <source>e-certificate</source>
        <translation>电子证照</translation>
    </message>
    <message>
        <source>original</source>
        <translation>原件</translation>
    </message>
    <message>
        <source>copy</source>
        <translation>复印件</translation>
    </message>
    <message>
        <source>original and copy</source>
        <translation>原件及复印件</translation>
    </message>
    <message>
        <source>not sent</source>
        <translation>未上报</translation>
    </message>
    <message>
        <source>waiting to send</source>
        <translation>待上报</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>已上报</translation>
    </message>
    <message>
        <source>refused by the platform</source>
        <translation>上报被退回</translation>
    </message>
    <message>
        <source>window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>acceptance notice</source>
        <translation>受理通知书</translation>
    </message>
    <message>
        <source>acceptance slip (80 mm)</source>
        <translation>受理回执（80 mm 小票）</translation>
    </message>
    <message>
        <source>one-time supplement notice</source>
        <translation>一次性告知书（补正材料通知书）</translation>
    </message>
    <message>
        <source>notice of non-acceptance</source>
        <translation>不予受理通知书</translation>
    </message>
    <message>
        <source>deferral undertaking</source>
        <translation>容缺受理承诺书</translation>
    </message>
    <message>
        <source>materials receipt</source>
        <translation>材料接收凭证</translation>
    </message>
    <message>
        <source>resident ID card</source>
        <translation>居民身份证</translation>
    </message>
    <message>
        <source>household register</source>
        <translation>居民户口簿</translation>
    </message>
    <message>
        <source>residence permit</source>
        <translation>居住证</translation>
    </message>
    <message>
        <source>birth certificate</source>
        <translation>出生医学证明</translation>
    </message>
    <message>
        <source>marriage certificate</source>
        <translation>结婚证</translation>
    </message>
    <message>
        <source>divorce certificate</source>
        <translation>离婚证</translation>
    </message>
    <message>
        <source>death certificate</source>
        <translation>居民死亡医学证明（推断）书</translation>
    </message>
    <message>
        <source>business licence</source>
        <translation>营业执照</translation>
    </message>
    <message>
        <source>food business licence</source>
        <translation>食品经营许可证</translation>
    </message>
    <message>
        <source>real estate certificate</source>
        <translation>不动产权证书</translation>
    </message>
    <message>
        <source>social security card</source>
        <translation>社会保障卡</translation>
    </message>
    <message>
        <source>driving licence</source>
        <translation>机动车驾驶证</translation>
    </message>
    <message>
        <source>vehicle licence</source>
        <translation>机动车行驶证</translation>
    </message>
    <message>
        <source>disability certificate</source>
        <translation>中华人民共和国残疾人证</translation>
    </message>
    <message>
        <source>diploma</source>
        <translation>学历证书</translation>
    </message>
    <message>
        <source>professional qualification certificate</source>
        <translation>执业（职业）资格证书</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <source>Session locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>The session of %1 is locked.</source>
        <translation>%1 的会话已锁定。</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Please enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>The password is not correct.</source>
        <translation>密码不正确。</translation>
    </message>
    <message>
        <source>Enter your password to continue. Someone else? Switch user (Ctrl+U): this signs %1 out.</source>
        <translation>请输入密码继续工作。如需他人使用，请按 Ctrl+U“切换用户”，%1 将退出登录。</translation>
    </message>
    <message>
        <source>Switch user (Ctrl+U)</source>
        <translation>切换用户 (Ctrl+U)</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>OneWindow — Sign in</source>
        <translation>一窗通 — 登录</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Please enter your username.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>Please enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>Opening the database, one moment…</source>
        <translation>正在打开数据库，请稍候…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>OneWindow — %1 · Window %2</source>
        <translation>一窗通 — %1 · %2 号窗口</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation>会话(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Lock screen</source>
        <translation>锁定屏幕(&amp;L)</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出程序(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About OneWindow</source>
        <translation>关于一窗通(&amp;A)</translation>
    </message>
    <message>
        <source>Ctrl+%1  %2</source>
        <translation>Ctrl+%1  %2</translation>
    </message>
    <message>
        <source>Ctrl+L  Lock screen</source>
        <translation>Ctrl+L  锁定屏幕</translation>
    </message>
    <message>
        <source>Ctrl+Q  Quit</source>
        <translation>Ctrl+Q  退出程序</translation>
    </message>
    <message>
        <source>F1  This help</source>
        <translation>F1  本帮助</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
</context>
<context>
    <name>MatterPicker</name>
    <message>
        <source>immediate</source>
        <translation>即办</translation>
    </message>
    <message>
        <source>Find the matter: name, code, department or pinyin initials (e.g. hkqy)   ↓ choose   Enter confirm</source>
        <translation>搜索事项：名称、编码、部门或拼音首字母（如 hkqy）&#x3000;↓ 选择&#x3000;回车 确定</translation>
    </message>
    <message>
        <source>promised: %1 working days</source>
        <translation>承诺%1个工作日</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Something went wrong inside the program. The details were written to the log; please tell IT if it happens again.</source>
        <translation>程序内部出错，详细信息已写入日志；如再次出现，请联系信息技术人员。</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>提示</translation>
    </message>
</context>
<context>
    <name>PageStrip</name>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Page {0}</source>
        <translation>第 {0} 页</translation>
    </message>
    <message>
        <source>{0}×{1} · {2} KB · source: {3}</source>
        <translation>{0}×{1} · {2} KB · 来源：{3}</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <source>Intake</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>办件</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>设置/管理</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突处理</translation>
    </message>
    <message>
        <source>Hall cases</source>
        <translation>大厅办件</translation>
    </message>
</context>
<context>
    <name>PapersDialog</name>
    <message>
        <source>Papers for the citizen</source>
        <translation>交给申请人的文书</translation>
    </message>
    <message>
        <source>Enter: print the ticked papers   Space: tick / untick   P: preview   Esc: none</source>
        <translation>回车 打印勾选的文书&#x3000;空格 勾选/取消&#x3000;P 预览&#x3000;Esc 不打印</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>None</source>
        <translation>不打印</translation>
    </message>
    <message>
        <source>Preview (P)</source>
        <translation>预览 (P)</translation>
    </message>
    <message>
        <source>save as PDF</source>
        <translation>保存为 PDF</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>Not every paper went out: fix the printer and press Enter again.</source>
        <translation>部分文书未打印：请检查打印机后再按回车。</translation>
    </message>
</context>
<context>
    <name>PartyForm</name>
    <message>
        <source>Person</source>
        <translation>个人</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Born / sex</source>
        <translation>出生/性别</translation>
    </message>
    <message>
        <source>Legal representative</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <source>Organisation name</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <source>Credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Registered address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>18-character unified social credit code</source>
        <translation>18位统一社会信用代码</translation>
    </message>
    <message>
        <source>18-digit ID number, or read the card (F4)</source>
        <translation>18位公民身份号码，可读卡（F4）</translation>
    </message>
    <message>
        <source>%1/18 characters</source>
        <translation>已输入 %1/18 位</translation>
    </message>
    <message>
        <source>Credit code checked</source>
        <translation>统一社会信用代码校验通过</translation>
    </message>
    <message>
        <source>Credit code: %1</source>
        <translation>统一社会信用代码：%1</translation>
    </message>
    <message>
        <source>ID number checked</source>
        <translation>公民身份号码校验通过</translation>
    </message>
    <message>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>ID number: %1</source>
        <translation>公民身份号码：%1</translation>
    </message>
    <message>
        <source>Not a phone number: an 11-digit mobile, or area code and number</source>
        <translation>不是有效的电话号码：应为11位手机号，或区号加号码</translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <source>Print preview — %1</source>
        <translation>打印预览 — %1</translation>
    </message>
    <message>
        <source>Print on %1</source>
        <translation>在 %1 上打印</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>保存为 PDF</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>保存为 PDF…</translation>
    </message>
    <message>
        <source>Save elsewhere…</source>
        <translation>另存到…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Printing on %1…</source>
        <translation>正在 %1 上打印…</translation>
    </message>
    <message>
        <source>Not printed. The document stays here: fix the printer and print again, or save it as PDF.</source>
        <translation>未打印。文书仍保留在此：请排除打印机故障后重新打印，或保存为 PDF。</translation>
    </message>
    <message>
        <source>This is a reprint: the copy is marked as such with the original print time %1.</source>
        <translation>这是补打：打印件将标注“补打”并注明原打印时间 %1。</translation>
    </message>
    <message>
        <source>Saved as PDF: %1</source>
        <translation>已保存为 PDF：%1</translation>
    </message>
    <message>
        <source>Sent to the printer “%1”.</source>
        <translation>已发送到打印机“%1”。</translation>
    </message>
</context>
<context>
    <name>QtCameraBackend</name>
    <message>
        <source>Qt Multimedia is missing on this PC ({0}), so the document camera cannot be used; use the scanner or import files.</source>
        <translation>本机缺少 Qt Multimedia（{0}），无法使用高拍仪；请使用扫描仪或导入文件。</translation>
    </message>
    <message>
        <source>No document camera found; check the USB connection.</source>
        <translation>未找到高拍仪，请检查 USB 连接。</translation>
    </message>
    <message>
        <source>Capture failed: {0}</source>
        <translation>拍摄失败：{0}</translation>
    </message>
    <message>
        <source>Camera error: {0}</source>
        <translation>高拍仪错误：{0}</translation>
    </message>
    <message>
        <source>The camera is not ready yet; try again in a moment.</source>
        <translation>高拍仪尚未就绪，请稍后再试。</translation>
    </message>
</context>
<context>
    <name>QtPrinterBackend</name>
    <message>
        <source>Cannot start printing: the printer “%1” does not answer (not connected, offline or out of paper?). Nothing was printed; print again later or save as PDF.</source>
        <translation>无法开始打印：打印机“%1”没有响应（可能未连接、脱机或缺纸）。文书未打印，可稍后重新打印或保存为 PDF。</translation>
    </message>
    <message>
        <source>The printer failed on page %1: the paper is incomplete. Check the printer and print again.</source>
        <translation>打印第 %1 页时打印机报错，文书未完整打印，请检查打印机后重新打印。</translation>
    </message>
    <message>
        <source>The printer reported an error (out of paper or a jam?): the paper is incomplete. Check the printer and print again.</source>
        <translation>打印机报告错误（可能缺纸或卡纸），文书未完整打印，请检查打印机后重新打印。</translation>
    </message>
    <message>
        <source>The printer “%1” is not available: nothing was printed. Check the printer or save as PDF.</source>
        <translation>打印机“%1”不可用，文书未打印。请检查打印机或保存为 PDF。</translation>
    </message>
</context>
<context>
    <name>RejectDialog</name>
    <message>
        <source>Not accepted</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <source>The reason (required; it is printed on the notice of non-acceptance):</source>
        <translation>请填写不予受理的理由（必填，将打印在《不予受理通知书》上）：</translation>
    </message>
    <message>
        <source>Common reasons…</source>
        <translation>常用理由…</translation>
    </message>
    <message>
        <source>Ctrl+Enter: confirm</source>
        <translation>Ctrl+回车 确定</translation>
    </message>
    <message>
        <source>Confirm non-acceptance</source>
        <translation>确定不予受理</translation>
    </message>
</context>
<context>
    <name>ReportCharts</name>
    <message>
        <source>Applications</source>
        <translation>件数</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>All windows</source>
        <translation>全部窗口</translation>
    </message>
    <message>
        <source>Show report</source>
        <translation>生成报表</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Full export (unmasked, recorded in the audit log)</source>
        <translation>完整导出（不脱敏，将记入审计日志）</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Intake by hour (Beijing time)</source>
        <translation>按受理时段（北京时间）</translation>
    </message>
    <message>
        <source>By matter</source>
        <translation>按事项</translation>
    </message>
    <message>
        <source>By department</source>
        <translation>按部门</translation>
    </message>
    <message>
        <source>By clerk</source>
        <translation>按人员</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>No applications in this period.</source>
        <translation>本期间没有办件。</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>导出业务报表</translation>
    </message>
    <message>
        <source>Report saved to %1</source>
        <translation>报表已保存到 %1</translation>
    </message>
    <message>
        <source>Export PDF (Ctrl+P)</source>
        <translation>导出 PDF（Ctrl+P）</translation>
    </message>
    <message>
        <source>Export Excel (Ctrl+E)</source>
        <translation>导出 Excel（Ctrl+E）</translation>
    </message>
    <message>
        <source>Export CSV (Ctrl+T)</source>
        <translation>导出 CSV（Ctrl+T）</translation>
    </message>
    <message>
        <source>Matter</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Working days overdue</source>
        <translation>超期工作日</translation>
    </message>
    <message>
        <source>Working days left</source>
        <translation>剩余工作日</translation>
    </message>
    <message>
        <source>%1   %2   %3 application(s)   made at %4</source>
        <translation>%1&#x3000;%2&#x3000;共 %3 件&#x3000;生成于 %4</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>办件总数</translation>
    </message>
    <message>
        <source>Immediate / promised</source>
        <translation>即办件 / 承诺件</translation>
    </message>
    <message>
        <source>Supplement rate (%1)</source>
        <translation>补正率（%1 件）</translation>
    </message>
    <message>
        <source>To send / refused</source>
        <translation>待上报 / 被退回</translation>
    </message>
    <message>
        <source>report_%1_%2</source>
        <translation>业务报表_%1_%2</translation>
    </message>
    <message>
        <source>all-windows</source>
        <translation>全部窗口</translation>
    </message>
    <message>
        <source>Median to decision</source>
        <translation>受理至决定 中位数</translation>
    </message>
    <message>
        <source>90% decided within</source>
        <translation>受理至决定 90% 分位</translation>
    </message>
    <message>
        <source>Due in %1 working days</source>
        <translation>%1 个工作日内到期</translation>
    </message>
    <message>
        <source>By window</source>
        <translation>按窗口</translation>
    </message>
    <message>
        <source> (this PC)</source>
        <translation>（本机）</translation>
    </message>
    <message>
        <source>Intake by matter (top %1)</source>
        <translation>按事项（前 %1 项）</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>New password for %1</source>
        <translation>为 %1 设置新密码</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>新密码(&amp;N)：</translation>
    </message>
    <message>
        <source>Re&amp;peat password:</source>
        <translation>确认密码(&amp;E)：</translation>
    </message>
</context>
<context>
    <name>ResumeDialog</name>
    <message>
        <source>Resume a case</source>
        <translation>继续办理</translation>
    </message>
    <message numerus="yes">
        <source>%n unfinished draft(s)</source>
        <translation>
            <numerusform>未完成的草稿 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>No unfinished drafts</source>
        <translation>没有未完成的草稿</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续办理</translation>
    </message>
    <message numerus="yes">
        <source>%n open case(s) found</source>
        <translation>
            <numerusform>找到 %n 件待办</numerusform>
        </translation>
    </message>
    <message>
        <source>No open case with this number or ID number</source>
        <translation>没有找到该编号或证件号码的待办件</translation>
    </message>
    <message>
        <source>supplement due %1</source>
        <translation>补正期限 %1</translation>
    </message>
    <message>
        <source>(no applicant yet)</source>
        <translation>（未填申请人）</translation>
    </message>
    <message>
        <source>Acceptance no. or the applicant&apos;s ID number, then Enter (F4 reads the ID card): finds a case waiting for supplement</source>
        <translation>输入受理编号或申请人证件号码后回车（F4 读身份证），查找待补正的办件</translation>
    </message>
    <message>
        <source>Reading the card…</source>
        <translation>正在读卡…</translation>
    </message>
    <message>
        <source>No card on the reader</source>
        <translation>读卡器上没有身份证</translation>
    </message>
    <message>
        <source>(no number yet)</source>
        <translation>（未编号）</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>Clerk</source>
        <translation>窗口人员</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
</context>
<context>
    <name>ScanInboxWidget</name>
    <message>
        <source>Scan folder</source>
        <translation>扫描文件夹</translation>
    </message>
    <message>
        <source>Assign to this material (Enter)</source>
        <translation>归入当前材料（回车）</translation>
    </message>
    <message>
        <source>Set aside</source>
        <translation>暂不导入</translation>
    </message>
    <message>
        <source>Scan folder ({0} new file(s))</source>
        <translation>扫描文件夹（{0} 个新文件）</translation>
    </message>
    <message>
        <source>Move the file into the imported-files subfolder without importing it</source>
        <translation>将文件移入“已导入”子文件夹，不导入</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>(system default printer)</source>
        <translation>（系统默认打印机）</translation>
    </message>
    <message>
        <source>(none: receipts are saved as PDF)</source>
        <translation>（无：回执保存为 PDF）</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>界面语言(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Lock after idle:</source>
        <translation>无操作自动锁定(&amp;I)：</translation>
    </message>
    <message>
        <source>Printers</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>&amp;A4 documents:</source>
        <translation>A4 文书(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Receipt (80 mm):</source>
        <translation>回执小票 80 毫米(&amp;R)：</translation>
    </message>
    <message>
        <source>No printers were found on this computer.</source>
        <translation>本机未发现打印机。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>%1 (not found)</source>
        <translation>%1（未找到）</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>The new language applies from the next sign-in.</source>
        <translation>新的界面语言将在下次登录时生效。</translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <source>Window %1</source>
        <translation>%1 号窗口</translation>
    </message>
    <message>
        <source>OneWindow</source>
        <translation>一窗通</translation>
    </message>
</context>
<context>
    <name>ShellStatusBar</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Window %1</source>
        <translation>%1 号窗口</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Lock the screen now (Ctrl+L)</source>
        <translation>立即锁定屏幕（Ctrl+L）</translation>
    </message>
    <message>
        <source>Sync: not connected</source>
        <translation>同步：未连接</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting to send</source>
        <translation>
            <numerusform>待上传 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>last sync %1</source>
        <translation>上次同步 %1</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>A setting is wrong, so OneWindow will not start half-configured:

%1

Please ask IT to correct this setting in the file named above.</source>
        <translation>设置有误，为避免在配置不完整的情况下运行，一窗通不会启动：

%1

请联系信息技术人员修正上面所列文件中的该项设置。</translation>
    </message>
    <message>
        <source>OneWindow cannot start</source>
        <translation>一窗通无法启动</translation>
    </message>
    <message>
        <source>The database is damaged</source>
        <translation>数据库已损坏</translation>
    </message>
    <message>
        <source>The local database is damaged and no usable backup was found:

%1

OneWindow has not changed the file. Please call IT; do not delete anything in the data folder (%2).</source>
        <translation>本机数据库已损坏，且未找到可用的备份：

%1

一窗通没有改动该文件。请联系信息技术人员，不要删除数据目录（%2）中的任何文件。</translation>
    </message>
    <message>
        <source>The local database is damaged:

%1

Restore the newest backup, made at %2? Records entered after that time will be missing from it; the damaged file is kept aside for IT. Choose No to quit without changing anything.</source>
        <translation>本机数据库已损坏：

%1

是否恢复最近一次备份（%2）？该时间之后录入的记录不在备份中；损坏的文件会另行保留，供信息技术人员处理。选择“否”将直接退出，不做任何改动。</translation>
    </message>
    <message>
        <source>The backup from %1 was restored. The damaged file was kept as:
%2

Please tell IT, so that records entered after the backup can be recovered.</source>
        <translation>已恢复 %1 的备份。损坏的文件保留为：
%2

请告知信息技术人员，以便找回备份之后录入的记录。</translation>
    </message>
    <message>
        <source>Backup restored</source>
        <translation>备份已恢复</translation>
    </message>
    <message>
        <source>OneWindow is out of date</source>
        <translation>一窗通版本过旧</translation>
    </message>
    <message>
        <source>%1

Please call IT and send them the log folder (%2).</source>
        <translation>%1

请联系信息技术人员，并提供日志目录（%2）。</translation>
    </message>
    <message>
        <source>The database could not be upgraded</source>
        <translation>数据库升级失败</translation>
    </message>
    <message>
        <source>The data folder cannot be used</source>
        <translation>数据目录不可用</translation>
    </message>
</context>
<context>
    <name>SupplementDialog</name>
    <message>
        <source>One-time supplement notice</source>
        <translation>补正告知（一次性告知）</translation>
    </message>
    <message numerus="yes">
        <source>These %n material(s) are missing; the applicant is told all of them at once:</source>
        <translation>
            <numerusform>以下 %n 项材料需要补正，将一次性告知申请人：</numerusform>
        </translation>
    </message>
    <message>
        <source>No required material is missing.</source>
        <translation>没有缺少的必要材料。</translation>
    </message>
    <message>
        <source>Note (optional):</source>
        <translation>补充说明（可选）：</translation>
    </message>
    <message>
        <source>Ctrl+Enter: confirm</source>
        <translation>Ctrl+回车 确定</translation>
    </message>
    <message>
        <source>Issue the supplement notice</source>
        <translation>发出补正告知</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <source>Acceptance no.</source>
        <translation>受理编号</translation>
    </message>
    <message>
        <source>Matter</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Reason given by the platform</source>
        <translation>平台退回原因</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Retry selected</source>
        <translation>重试所选</translation>
    </message>
    <message>
        <source>Retry all</source>
        <translation>全部重试</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>最近登录</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Locked until %1</source>
        <translation>锁定至 %1</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Add user… (Ctrl+N)</source>
        <translation>新增账号…（Ctrl+N）</translation>
    </message>
</context>
<context>
    <name>_AccountDialog</name>
    <message>
        <source>The two passwords do not match.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
</TS>
