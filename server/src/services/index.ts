import connection from './connection';
import graph from './graph';
import mail from './mail';
import mailboxes from './mailboxes';
import settings from './settings';

export default { settings, mailboxes, graph, mail, connection };
