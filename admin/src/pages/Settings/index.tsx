import { Page } from '@strapi/strapi/admin';

// Placeholder frame, replaced by the full settings page.
const SettingsPage = () => <Page.Title>Microsoft Settings</Page.Title>;

export default SettingsPage;
