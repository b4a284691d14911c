"""Sign-in, password change, screen lock, account administration and the audit view (issue 8).

The main window wires these (see each module's docstring); every database call goes through the
`DbWorker` and `services.auth` / `services.audit`, which enforce the rights themselves.
"""

from .account_menu import AccountMenu, AuditWindow
from .audit_view import AuditView
from .change_password_dialog import ChangePasswordDialog
from .idle_lock import IdleLock, LockOverlay
from .sign_in_dialog import SignInDialog
from .user_admin_dialog import UserAdminDialog

__all__ = ["AccountMenu", "AuditView", "AuditWindow", "ChangePasswordDialog", "IdleLock",
           "LockOverlay", "SignInDialog", "UserAdminDialog"]
