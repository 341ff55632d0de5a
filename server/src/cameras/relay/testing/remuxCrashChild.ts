/**
 * A server process that dies hard (SIGKILL) with an ffmpeg remux running: relayRemux.test.ts
 * checks the kernel takes the ffmpeg down with it. The feed (argv[2]) lives in the test process,
 * so ffmpeg would keep reading it if nothing killed it. Prints `{"ffmpegPid":…}` once it streams.
 */
import { startRelayHarness, testCamera } from './relayHarness'

const relay = await startRelayHarness({ cameras: [testCamera('NVR', process.argv[2] as string)], remux: { segmentSeconds: 1, firstPlaylistWaitMs: 15_000 } })
const res = await fetch(await relay.streamUrl('NVR'))
const stream = relay.video.relay.streams()[0]
const pid = stream?.source.kind === 'remux' ? (stream.source as unknown as { process: { pid: number | null } }).process.pid : null
process.stdout.write(`${JSON.stringify({ status: res.status, ffmpegPid: pid })}\n`)
setInterval(() => {}, 60_000)
