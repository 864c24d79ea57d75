import alerts from './alerts';
import connection from './connection';
import contentMappings from './content-mappings';
import deletions from './deletions';
import graph from './graph';
import mail from './mail';
import mailboxes from './mailboxes';
import notifications from './notifications';
import schedule from './schedule';
import settings from './settings';
import sync from './sync';

const services = { settings, mailboxes, graph, mail, connection, sync, deletions, schedule, alerts, notifications, contentMappings };

export default services;

/** What `strapi.plugin('microsoft-365').service(name)` returns, by name (see utils/strapi pluginService). */
export type PluginServices = { [Name in keyof typeof services]: ReturnType<(typeof services)[Name]> };
