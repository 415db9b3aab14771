// A real OpenID Connect provider (the `oidc-provider` package) on loopback for the browser tests.
//
// Environment: OIDC_PROVIDER_MODULE (the installed package's directory), PORT, REDIRECT_URI,
// POST_LOGOUT_REDIRECT_URI, CLIENT_ID, CLIENT_SECRET. The development login form takes any
// password; the accounts below are the only logins it knows. Prints "ready <issuer>" when listening.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const { default: Provider } = await import(
  pathToFileURL(join(process.env.OIDC_PROVIDER_MODULE, 'lib', 'index.js')).href
);

const ACCOUNTS = {
  kari: { email: 'Kari.Nordmann@Example.org', email_verified: true, name: 'Kari Nordmann' },
  ukjent: { email: 'ukjent@example.org', email_verified: true, name: 'Ukjent Person' },
  uverifisert: { email: 'kari.nordmann@example.org', email_verified: false, name: 'Uverifisert' },
};

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      redirect_uris: [process.env.REDIRECT_URI],
      post_logout_redirect_uris: [process.env.POST_LOGOUT_REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  cookies: { keys: ['motebok-test-only-cookie-key'] },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  async findAccount(ctx, id) {
    const account = ACCOUNTS[id];
    if (!account) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...account }; } };
  },
  // Møtebok is the organization's own service: no consent screen, as at the real providers.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

const server = provider.listen(port, '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
