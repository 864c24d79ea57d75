import alerts from './alerts';
import connection from './connection';
import contentMappings from './content-mappings';
import deletions from './deletions';
import mailboxes from './mailboxes';
import notifications from './notifications';
import quarantine from './quarantine';
import settings from './settings';
import sync from './sync';

export default { settings, mailboxes, connection, sync, deletions, quarantine, alerts, notifications, contentMappings };
