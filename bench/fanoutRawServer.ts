import { WebSocket, WebSocketServer } from 'ws'

/**
 * The raw baseline of the fan-out bench: a bare `ws` server in its own process, like the wall
 * server. The driver feeds payloads on /feed; each is stamped, serialised once and sent to every
 * client, as socket.io does for a room broadcast.
 */
const port = Number(process.argv[2])
const wss = new WebSocketServer({ port, host: '127.0.0.1' })
const clients = new Set<WebSocket>()

wss.on('connection', (ws, req) => {
  if (req.url === '/feed') {
    ws.on('message', (data) => {
      const payload: unknown = JSON.parse(String(data))
      const frame = JSON.stringify({ t: Date.now(), payload })
      for (const client of clients) {
        if (client.readyState === WebSocket.OPEN) client.send(frame)
      }
    })
    return
  }
  clients.add(ws)
  ws.on('close', () => clients.delete(ws))
})
wss.on('listening', () => process.send?.('listening'))
