/**
 * The 28 communities of the demo street. Names follow the way Miyun's old-town communities are
 * named (after streets, old gates, former villages and estates); some are invented. Each carries
 * an anchor in lattice coordinates (x east 0..10, y south 0..9) so a name lands near the street
 * or place it is named after, whatever shapes the seed gives the communities.
 */
export interface CommunityName {
  name: string
  nameEn: string
  anchor: readonly [number, number]
}

export const COMMUNITY_NAMES: readonly CommunityName[] = [
  { name: '鼓楼社区', nameEn: 'Gulou Community', anchor: [5, 4] },
  { name: '东门社区', nameEn: 'Dongmen Community', anchor: [6.5, 3.5] },
  { name: '西门社区', nameEn: 'Ximen Community', anchor: [3.5, 4.5] },
  { name: '育才社区', nameEn: 'Yucai Community', anchor: [3.5, 3] },
  { name: '新中街社区', nameEn: 'Xinzhongjie Community', anchor: [5, 5.8] },
  { name: '花园社区', nameEn: 'Huayuan Community', anchor: [6.5, 5.5] },
  { name: '西菜园社区', nameEn: 'Xicaiyuan Community', anchor: [3.5, 5.5] },
  { name: '南菜园社区', nameEn: 'Nancaiyuan Community', anchor: [4.5, 6.8] },
  { name: '东菜园社区', nameEn: 'Dongcaiyuan Community', anchor: [7.5, 5] },
  { name: '新东路社区', nameEn: 'Xindonglu Community', anchor: [7.2, 2.5] },
  { name: '新南路社区', nameEn: 'Xinnanlu Community', anchor: [5, 7.8] },
  { name: '宾阳里社区', nameEn: 'Binyangli Community', anchor: [4.5, 1.5] },
  { name: '水源路社区', nameEn: 'Shuiyuanlu Community', anchor: [3.2, 1.5] },
  { name: '兴云社区', nameEn: 'Xingyun Community', anchor: [5.5, 0.5] },
  { name: '长安社区', nameEn: 'Chang’an Community', anchor: [6.5, 1] },
  { name: '沿湖社区', nameEn: 'Yanhu Community', anchor: [8.5, 1.5] },
  { name: '檀州家园社区', nameEn: 'Tanzhou Jiayuan Community', anchor: [8.5, 3.5] },
  { name: '瑞和家园社区', nameEn: 'Ruihe Jiayuan Community', anchor: [7.8, 4] },
  { name: '大唐庄社区', nameEn: 'Datangzhuang Community', anchor: [9.5, 4.5] },
  { name: '阳光社区', nameEn: 'Yangguang Community', anchor: [8, 6.5] },
  { name: '康居社区', nameEn: 'Kangju Community', anchor: [6.5, 7] },
  { name: '提辖庄社区', nameEn: 'Tixiazhuang Community', anchor: [3.5, 8] },
  { name: '滨河社区', nameEn: 'Binhe Community', anchor: [2.8, 7] },
  { name: '果园社区', nameEn: 'Guoyuan Community', anchor: [2.5, 6] },
  { name: '云西社区', nameEn: 'Yunxi Community', anchor: [2.5, 4] },
  { name: '白檀社区', nameEn: 'Baitan Community', anchor: [2, 2.5] },
  { name: '季庄社区', nameEn: 'Jizhuang Community', anchor: [1, 3.5] },
  { name: '卸甲山社区', nameEn: 'Xiejiashan Community', anchor: [0.8, 4.6] },
]
