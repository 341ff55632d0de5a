import type { MessageSchema } from './zh-CN'

const en: MessageSchema = {
  app: {
    title: 'Gulou Street Grid Command Center',
    subtitle: '鼓楼街道网格化社会服务管理指挥中心',
    place: 'Gulou Street, Miyun District, Beijing',
  },
  language: {
    switchTo: '中文',
    switchLabel: '切换到中文',
  },
  clock: {
    label: 'Current time',
  },
  loading: {
    title: 'Loading reference data',
    step: '{done} / {total}',
  },
  resources: {
    mapConfig: 'Map configuration',
    street: 'Street boundary',
    communities: 'Communities',
    grids: 'Grids',
    roads: 'Roads',
    markets: 'Markets',
    cameras: 'Cameras',
  },
  errors: {
    title: 'Data service problem: the map may be incomplete',
    resource: '{resource} failed to load: {message}',
    retryIn: 'Retrying in {seconds} s',
    retryNow: 'Retry now',
    map: 'The map could not start: {message}',
  },
  legend: {
    title: 'Legend',
    street: 'Street boundary',
    community: 'Community boundary',
    grid: 'Grid',
    roadMain: 'Main road',
    roadSecondary: 'Secondary road',
    roadLane: 'Lane',
    market: 'Market',
    cameras: 'Cameras',
    online: 'Online',
    offline: 'Offline',
    stalled: 'Stalled',
    unknown: 'Unknown',
  },
  summary: {
    communities: 'communities',
    grids: 'grids',
    cameras: 'cameras',
  },
  map: {
    label: 'Gulou Street grid map',
  },
  video: {
    status: {
      idle: 'Idle',
      loading: 'Connecting',
      playing: 'Live',
      stalled: 'Stalled',
      recovering: 'Recovering',
      offline: 'Offline',
      error: 'Fault',
    },
    latency: 'Delay {seconds} s',
    latencyUnknown: 'Delay —',
    offline: 'Camera offline',
    offlineHint: 'Reconnecting automatically',
    error: 'Cannot play',
    unknownCamera: 'Camera {id}',
    close: 'Close',
    gridTitle: 'Live cameras',
    gridEmpty: 'No cameras selected',
  },
}

export default en
