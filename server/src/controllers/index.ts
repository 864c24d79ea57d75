import connection from './connection';
import mailboxes from './mailboxes';
import settings from './settings';

export default { settings, mailboxes, connection };
