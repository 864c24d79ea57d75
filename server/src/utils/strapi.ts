import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../../../shared/plugin';
import type { PluginConfig } from '../config';
import type { PluginServices } from '../services';

export type Strapi = Core.Strapi;

export function pluginConfig(strapi: Strapi): PluginConfig {
  return strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
}

/** One of this plugin's services, typed by its name. */
export function pluginService<Name extends keyof PluginServices>(strapi: Strapi, name: Name): PluginServices[Name] {
  return strapi.plugin(PLUGIN_ID).service(name) as PluginServices[Name];
}
