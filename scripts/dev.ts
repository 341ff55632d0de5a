import { spawn } from 'node:child_process'

/**
 * `npm run dev`: the API server (restarted by tsx on change) and Vite with hot reload, which
 * proxies /api and /socket.io to it. Open the URL Vite prints.
 */
const apiPort = process.env.API_PORT ?? '8080'
const children = [
  spawn('npx', ['tsx', 'watch', 'server/src/main.ts'], { stdio: 'inherit', env: { ...process.env, PORT: apiPort } }),
  spawn('npx', ['vite'], { stdio: 'inherit', env: { ...process.env, API_PORT: apiPort } }),
]
const stop = () => {
  for (const child of children) child.kill('SIGTERM')
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
for (const child of children) child.on('exit', stop)
