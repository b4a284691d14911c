<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountMenu</name>
    <message>
        <location filename="../../src/commandcenter/ui/security/account_menu.py" line="85"/>
        <source>&amp;Account</source>
        <translation>账户(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/account_menu.py" line="86"/>
        <source>Change password…</source>
        <translation>修改密码…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/account_menu.py" line="87"/>
        <source>Lock screen</source>
        <translation>锁定屏幕</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/account_menu.py" line="88"/>
        <source>Accounts…</source>
        <translation>账户管理…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/account_menu.py" line="89"/>
        <source>Audit log…</source>
        <translation>审计日志…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/account_menu.py" line="90"/>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
</context>
<context>
    <name>AuditTableModel</name>
    <message>
        <location filename="../../src/commandcenter/ui/security/audit_model.py" line="51"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/audit_model.py" line="51"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/audit_model.py" line="51"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/audit_model.py" line="51"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/audit_model.py" line="52"/>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/audit_model.py" line="52"/>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <location filename="../../src/commandcenter/ui/security/audit_view.py" line="127"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/audit_view.py" line="127"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/audit_view.py" line="127"/>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/audit_view.py" line="130"/>
        <source>all, or e.g. case.*</source>
        <translation>全部，或如 case.*</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/audit_view.py" line="131"/>
        <source>From</source>
        <translation>起</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/audit_view.py" line="132"/>
        <source>Before</source>
        <translation>止</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/audit_view.py" line="133"/>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/audit_view.py" line="134"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/audit_view.py" line="135"/>
        <source>Verify chain</source>
        <translation>校验日志链</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/audit_view.py" line="179"/>
        <source>Export audit entries</source>
        <translation>导出审计日志</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/audit_view.py" line="180"/>
        <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/audit_view.py" line="201"/>
        <source>{count} entries</source>
        <translation>共 {count} 条</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/audit_view.py" line="203"/>
        <source>(the newest {count}: narrow the filter)</source>
        <translation>（仅显示最新 {count} 条，请缩小筛选范围）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/audit_view.py" line="210"/>
        <source>Exported {count} entries.</source>
        <translation>已导出 {count} 条。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/audit_view.py" line="217"/>
        <source>Audit chain intact: {count} entries.</source>
        <translation>审计日志链完整：共 {count} 条。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/audit_view.py" line="221"/>
        <source>Audit chain BROKEN at entry {seq} ({reason}): the log was tampered with.</source>
        <translation>审计日志链在第 {seq} 条断裂（{reason}）：日志已被篡改。</translation>
    </message>
</context>
<context>
    <name>AuditWindow</name>
    <message>
        <location filename="../../src/commandcenter/ui/security/account_menu.py" line="48"/>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/security/change_password_dialog.py" line="34"/>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/change_password_dialog.py" line="42"/>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/change_password_dialog.py" line="43"/>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/change_password_dialog.py" line="44"/>
        <source>Repeat the new password</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/change_password_dialog.py" line="48"/>
        <source>Change</source>
        <translation>修改</translation>
    </message>
</context>
<context>
    <name>LockOverlay</name>
    <message>
        <location filename="../../src/commandcenter/ui/security/idle_lock.py" line="64"/>
        <source>Screen locked</source>
        <translation>屏幕已锁定</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/idle_lock.py" line="68"/>
        <source>Signed in as {name}. Enter your password to continue.</source>
        <translation>当前登录：{name}。请输入密码继续。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/idle_lock.py" line="72"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/idle_lock.py" line="74"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/idle_lock.py" line="77"/>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
</context>
<context>
    <name>PasswordResetDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_admin_dialog.py" line="128"/>
        <source>Reset password of {user}</source>
        <translation>重置 {user} 的密码</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_admin_dialog.py" line="133"/>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_admin_dialog.py" line="134"/>
        <source>Repeat the password</source>
        <translation>再次输入密码</translation>
    </message>
</context>
<context>
    <name>SecurityMessages</name>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="22"/>
        <source>Unknown user or wrong password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="23"/>
        <source>This account is disabled. Ask an administrator.</source>
        <translation>该账户已停用，请联系管理员。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="26"/>
        <source>Too many failed attempts: the account is locked until {until}.</source>
        <translation>失败次数过多：账户已锁定至 {until}。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="29"/>
        <source>Enter a username.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="30"/>
        <source>A username has at most 32 characters.</source>
        <translation>用户名最多 32 个字符。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="32"/>
        <source>A username has 2 to 32 characters: letters a-z, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter or digit.</source>
        <translation>用户名为 2 至 32 个字符：小写字母 a-z、数字、“.”、“_”或“-”，须以字母或数字开头。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="35"/>
        <source>This username is taken.</source>
        <translation>该用户名已被使用。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="36"/>
        <source>Enter a display name.</source>
        <translation>请输入姓名。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="37"/>
        <source>A display name has at most 64 characters.</source>
        <translation>姓名最多 64 个字符。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="39"/>
        <source>The display name contains control characters.</source>
        <translation>姓名含有控制字符。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="41"/>
        <source>Enter a password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="42"/>
        <source>A password has at most 256 characters.</source>
        <translation>密码最多 256 个字符。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="44"/>
        <source>The password contains control characters.</source>
        <translation>密码含有控制字符。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="46"/>
        <source>The password is too short.</source>
        <translation>密码太短。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="48"/>
        <source>Use at least three of: lower-case letters, upper-case letters, digits, symbols.</source>
        <translation>须至少包含以下三类：小写字母、大写字母、数字、符号。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="51"/>
        <source>The password must not contain the username.</source>
        <translation>密码不得包含用户名。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="53"/>
        <source>The new password is the old one.</source>
        <translation>新密码与原密码相同。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="55"/>
        <source>This is the last enabled administrator account.</source>
        <translation>这是最后一个启用的管理员账户。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="57"/>
        <source>No street or unit with this code.</source>
        <translation>没有该代码的街道或单位。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="59"/>
        <source>A street or unit scope needs a code.</source>
        <translation>街道或单位范围须填写代码。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="61"/>
        <source>No person with this code.</source>
        <translation>没有该编号的人员。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="64"/>
        <source>You are not allowed to do this.</source>
        <translation>您无权进行此操作。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="65"/>
        <source>No such account.</source>
        <translation>没有该账户。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="66"/>
        <source>It did not work: {error}</source>
        <translation>操作未成功：{error}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="67"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="68"/>
        <source>At least 10 characters, with three of: lower-case letters, upper-case letters, digits, symbols.</source>
        <translation>至少 10 个字符，且至少包含以下三类：小写字母、大写字母、数字、符号。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="93"/>
        <source>Signed in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="94"/>
        <source>Failed sign-in</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="95"/>
        <source>Account locked</source>
        <translation>账户锁定</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="96"/>
        <source>Password changed</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="97"/>
        <source>Failed password change</source>
        <translation>修改密码失败</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="99"/>
        <source>Account added</source>
        <translation>新增账户</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="100"/>
        <source>Account changed</source>
        <translation>修改账户</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="101"/>
        <source>Account disabled</source>
        <translation>停用账户</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="102"/>
        <source>Account enabled</source>
        <translation>启用账户</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="103"/>
        <source>Password reset</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="104"/>
        <source>Account unlocked</source>
        <translation>解除锁定</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="105"/>
        <source>Audit exported</source>
        <translation>导出审计日志</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/messages.py" line="106"/>
        <source>Case reported</source>
        <translation>案件上报</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/security/sign_in_dialog.py" line="117"/>
        <location filename="../../src/commandcenter/ui/security/sign_in_dialog.py" line="129"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/sign_in_dialog.py" line="118"/>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/sign_in_dialog.py" line="118"/>
        <source>Display name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/sign_in_dialog.py" line="119"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/sign_in_dialog.py" line="119"/>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/sign_in_dialog.py" line="120"/>
        <source>Repeat the password</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/sign_in_dialog.py" line="125"/>
        <source>No account exists yet: create the administrator account.</source>
        <translation>尚无任何账户：请创建管理员账户。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/sign_in_dialog.py" line="126"/>
        <source>Create and sign in</source>
        <translation>创建并登录</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/sign_in_dialog.py" line="127"/>
        <source>Your password was reset: choose a new one.</source>
        <translation>您的密码已被重置：请设置新密码。</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/sign_in_dialog.py" line="128"/>
        <source>Change and sign in</source>
        <translation>修改并登录</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/sign_in_dialog.py" line="129"/>
        <source>Sign in to the command centre.</source>
        <translation>登录指挥调度中心。</translation>
    </message>
</context>
<context>
    <name>UserAdminDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_admin_dialog.py" line="173"/>
        <source>Accounts</source>
        <translation>账户管理</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_admin_dialog.py" line="187"/>
        <source>Add…</source>
        <translation>新增…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_admin_dialog.py" line="188"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_admin_dialog.py" line="189"/>
        <source>Disable / enable</source>
        <translation>停用 / 启用</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_admin_dialog.py" line="190"/>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_admin_dialog.py" line="191"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
</context>
<context>
    <name>UserEditDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_admin_dialog.py" line="45"/>
        <source>Add account</source>
        <translation>新增账户</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_admin_dialog.py" line="45"/>
        <source>Edit account</source>
        <translation>编辑账户</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_admin_dialog.py" line="58"/>
        <source>District</source>
        <translation>全区</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_admin_dialog.py" line="58"/>
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_admin_dialog.py" line="59"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_admin_dialog.py" line="71"/>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_admin_dialog.py" line="72"/>
        <source>Display name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_admin_dialog.py" line="73"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_admin_dialog.py" line="74"/>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_admin_dialog.py" line="75"/>
        <source>Street or unit code</source>
        <translation>街道或单位代码</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_admin_dialog.py" line="76"/>
        <source>Person code (optional)</source>
        <translation>人员编号（可选）</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_admin_dialog.py" line="78"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_admin_dialog.py" line="79"/>
        <source>Repeat the password</source>
        <translation>再次输入密码</translation>
    </message>
</context>
<context>
    <name>UserTableModel</name>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_model.py" line="42"/>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_model.py" line="42"/>
        <source>Display name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_model.py" line="42"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_model.py" line="42"/>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_model.py" line="43"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_model.py" line="43"/>
        <source>Last sign-in</source>
        <translation>最近登录</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_model.py" line="47"/>
        <source>District</source>
        <translation>全区</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_model.py" line="47"/>
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_model.py" line="48"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_model.py" line="54"/>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_model.py" line="56"/>
        <source>locked until {until}</source>
        <translation>锁定至 {until}</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_model.py" line="58"/>
        <source>must change password</source>
        <translation>须修改密码</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/security/user_model.py" line="59"/>
        <source>active</source>
        <translation>正常</translation>
    </message>
</context>
</TS>
