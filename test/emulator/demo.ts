// The demo tenant: fixed identifiers so a playground and tests can be configured without reading output.
export const DEMO = {
  tenantId: '7c1d6a3e-5b2f-4e8a-9c0d-1f2e3a4b5c6d',
  tenantDomain: 'contoso.onmicrosoft.com',
  clientId: '3f9b2c1a-8d7e-4f60-a5b4-c3d2e1f0a9b8',
  clientSecret: 'emulator-demo-secret~0123456789abcdefGHIJ',
  mailboxes: ['adele.vance@contoso.onmicrosoft.com', 'alex.wilber@contoso.onmicrosoft.com', 'support@contoso.onmicrosoft.com'],
  displayNames: ['Adele Vance', 'Alex Wilber', 'Contoso Support'],
  permissions: ['Calendars.ReadWrite', 'Tasks.ReadWrite.All', 'Mail.Read', 'Mail.Send', 'User.Read.All'],
} as const;
