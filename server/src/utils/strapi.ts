import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../../../shared/plugin';
import type { PluginConfig } from '../config';

export type Strapi = Core.Strapi;

export function pluginConfig(strapi: Strapi): PluginConfig {
  return strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
}

export function pluginService<T>(strapi: Strapi, name: string): T {
  return strapi.plugin(PLUGIN_ID).service(name) as T;
}
