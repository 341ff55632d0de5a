/** Chinese is the wall's first language; en.ts must have the same keys (its type enforces it). */
const zhCN = {
  app: {
    title: '鼓楼街道网格化社会服务管理指挥中心',
    subtitle: 'Gulou Street Grid Command Center',
    place: '北京市密云区鼓楼街道',
  },
  language: {
    switchTo: 'EN',
    switchLabel: 'Switch to English',
  },
  clock: {
    label: '当前时间',
  },
  loading: {
    title: '正在加载基础数据',
    step: '{done} / {total}',
  },
  resources: {
    mapConfig: '地图配置',
    street: '街道边界',
    communities: '社区',
    grids: '网格',
    roads: '道路',
    markets: '市场',
    cameras: '监控探头',
  },
  errors: {
    title: '数据服务异常，地图可能不完整',
    resource: '{resource}加载失败：{message}',
    retryIn: '{seconds} 秒后自动重试',
    retryNow: '立即重试',
    map: '地图无法初始化：{message}',
  },
  legend: {
    title: '图例',
    street: '街道边界',
    community: '社区边界',
    grid: '网格',
    roadMain: '主干道',
    roadSecondary: '次干道',
    roadLane: '街巷',
    market: '市场',
    cameras: '监控探头',
    online: '在线',
    offline: '离线',
    stalled: '画面停滞',
    unknown: '状态未知',
  },
  summary: {
    communities: '社区',
    grids: '网格',
    cameras: '探头',
  },
  map: {
    label: '鼓楼街道网格地图',
  },
  video: {
    status: {
      idle: '未播放',
      loading: '连接中',
      playing: '直播',
      stalled: '画面停滞',
      recovering: '恢复中',
      offline: '离线',
      error: '故障',
    },
    latency: '延迟 {seconds} s',
    latencyUnknown: '延迟 —',
    offline: '探头离线',
    offlineHint: '自动重连中',
    error: '无法播放',
    unknownCamera: '探头 {id}',
    close: '关闭',
    gridTitle: '监控画面',
    gridEmpty: '未选择探头',
  },
}

export type MessageSchema = typeof zhCN
export default zhCN
