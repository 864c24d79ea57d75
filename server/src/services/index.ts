import connection from './connection';
import deletions from './deletions';
import graph from './graph';
import mail from './mail';
import mailboxes from './mailboxes';
import settings from './settings';
import sync from './sync';

export default { settings, mailboxes, graph, mail, connection, sync, deletions };
