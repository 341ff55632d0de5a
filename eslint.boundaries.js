import boundaries from 'eslint-plugin-boundaries'

/**
 * Which folders may import which (README, "Map of the house"). Elements are folders; the first
 * descriptor that matches a path names it, so the specific ones come first. Everything not
 * forbidden here is allowed: the policies list the arrows that point the wrong way.
 */
const server = (name, folder = name) => ({ type: `server-${name}`, pattern: `server/src/${folder}`, partialMatch: false })
const client = (name, folder = name) => ({ type: `client-${name}`, pattern: `client/src/${folder}`, partialMatch: false })

const elements = [
  server('demo'),
  server('core'),
  server('http'),
  server('realtime'),
  server('upstream', 'cameras/upstream'),
  server('relay', 'cameras/relay'),
  server('health', 'cameras/health'),
  server('cameras'),
  server('auth'),
  server('store'),
  server('openapi'),
  server('testing'),
  { type: 'server-domain', pattern: 'server/src/*', partialMatch: false },
  { type: 'server-root', pattern: 'server/src', partialMatch: false },
  { type: 'shared', pattern: 'shared', partialMatch: false },
  client('stores'),
  client('features'),
  client('pages'),
  client('app'),
  client('api'),
  client('realtime'),
  client('i18n'),
  client('styles'),
  client('testing'),
  { type: 'client-root', pattern: 'client/src', partialMatch: false },
]

const files = [
  { category: 'test', pattern: ['**/*.test.ts', '**/testing/**'] },
  { category: 'routes', pattern: '**/*Routes.ts' },
  // The one module that may start the demo, and only by a dynamic import when DEMO=1.
  { category: 'entry', pattern: 'server/src/main.ts' },
]

const type = (t) => ({ element: { type: t } })
const anyOf = (...types) => ({ element: { types: { anyOf: types } } })
const SERVER_PRODUCT = ['server-core', 'server-http', 'server-realtime', 'server-upstream', 'server-relay', 'server-health', 'server-cameras', 'server-auth', 'server-store', 'server-openapi', 'server-domain', 'server-root']
const CLIENT = ['client-stores', 'client-features', 'client-pages', 'client-app', 'client-api', 'client-realtime', 'client-i18n', 'client-styles', 'client-testing', 'client-root']
const SERVER = [...SERVER_PRODUCT, 'server-demo', 'server-testing']

const policies = [
  { from: anyOf(...SERVER_PRODUCT), disallow: { to: type('server-demo') }, message: 'product code never imports the demo: main.ts starts it when DEMO=1' },
  { from: { file: { categories: { anyOf: ['test', 'entry'] } } }, allow: { to: type('server-demo') } },
  { from: type('shared'), disallow: { to: anyOf(...SERVER, ...CLIENT) }, message: 'shared/ is the contract both sides use: it imports neither' },
  { from: anyOf(...CLIENT), disallow: { to: anyOf(...SERVER) }, message: 'the client talks to the server over HTTP and the socket, and shares only shared/' },
  { from: anyOf(...SERVER), disallow: { to: anyOf(...CLIENT) }, message: 'the server never imports client code' },
  { from: type('server-core'), disallow: { to: anyOf(...SERVER) }, message: 'core/ is the bottom layer: it imports nothing of the server' },
  { from: type('server-upstream'), disallow: { to: anyOf('server-relay', 'server-health', 'server-cameras') }, message: 'cameras/upstream is below the relay and the prober that both use it' },
  { from: type('server-relay'), disallow: { to: anyOf('server-health', 'server-cameras') }, message: 'the relay knows nothing of camera health or of the camera module that wires them' },
  { from: type('server-health'), disallow: { to: anyOf('server-relay', 'server-cameras') }, message: 'camera health probes through cameras/upstream, never through the relay' },
  {
    from: type('server-realtime'),
    disallow: { to: anyOf('server-domain', 'server-cameras', 'server-relay', 'server-health', 'server-http', 'server-root') },
    message: 'realtime/ is below the domains: they register on it, and app.ts hands it room resolution',
  },
  {
    from: anyOf('server-core', 'server-realtime', 'server-upstream', 'server-relay', 'server-health', 'server-auth', 'server-store', 'server-domain', 'server-demo'),
    disallow: { to: type('server-http') },
    message: 'only route modules (*Routes.ts), the camera module, openapi/ and app.ts know http/; lower layers throw core/appError',
  },
  { from: { file: { categories: 'routes' } }, allow: { to: type('server-http') } },
  { from: type('client-stores'), disallow: { to: anyOf('client-features', 'client-pages', 'client-app', 'client-root') }, message: 'stores hold state; features and pages use them, not the other way' },
  { from: anyOf('client-api', 'client-realtime'), disallow: { to: anyOf('client-stores', 'client-features', 'client-pages', 'client-app', 'client-root') }, message: 'api/ and realtime/ are the client\'s lowest layers' },
  { from: type('client-features'), disallow: { to: anyOf('client-pages', 'client-app', 'client-root') }, message: 'features are composed by pages, never the other way' },
  // A test (or a test's harness) may reach anything on its own side to set up what it checks.
  { from: { element: { types: { anyOf: SERVER } }, file: { categories: 'test' } }, allow: { to: anyOf(...SERVER) } },
  { from: { element: { types: { anyOf: CLIENT } }, file: { categories: 'test' } }, allow: { to: anyOf(...CLIENT) } },
]

export const boundariesConfig = {
  files: ['server/**/*.ts', 'client/**/*.ts', 'client/**/*.vue', 'shared/**/*.ts'],
  plugins: { boundaries },
  settings: {
    'import/resolver': { node: { extensions: ['.ts', '.js', '.vue'] } },
    'boundaries/elements': elements,
    'boundaries/files': files,
    'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import'],
  },
  rules: { 'boundaries/dependencies': ['error', { default: 'allow', policies }] },
}
