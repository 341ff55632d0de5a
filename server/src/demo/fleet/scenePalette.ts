/** Colours and words the scenes draw from: a northern Chinese county-town street in daylight. */
export const FACADES = ['#c9b79c', '#a9a39a', '#b5654b', '#d6d2c8', '#8c7b6b', '#9fb0b8', '#c4a98a', '#bfb8ad']
export const ROOFS = ['#6f6a66', '#8a857c', '#5d646b', '#7b6e62', '#9a948a', '#64707a']
export const CARS = ['#e8e8e6', '#e8e8e6', '#b8bcc0', '#1e2124', '#1e2124', '#a8262b', '#2b4f86', '#6c7177', '#e6b422', '#3d6b45', '#8a6a4a']
export const BUSES = ['#2f7d4f', '#b83232', '#2c5fa0']
export const SHIRTS = ['#2f4f7f', '#7a1f2b', '#d8d2c4', '#3b3b3b', '#c07a2c', '#4a6b3a', '#8a8f99', '#b04a7a', '#e4e0d4', '#1d3552']
export const TROUSERS = ['#1f2630', '#3a3f47', '#2a2a2a', '#6b5a45', '#44506a']
export const AWNINGS = ['#2e5e9e', '#b8322e', '#3a7d44', '#d9d6cf', '#d08a2a', '#2e8a8a']
export const PRODUCE = ['#c8402c', '#e0a030', '#6a9a3a', '#8a3a6a', '#e8d070', '#4a7a2a', '#b86a2a']
export const SIGNS = ['#b22222', '#1f4e8c', '#2e6b3a', '#8b1a1a', '#c27c0e', '#3b3b6b']
export const SHOP_NAMES = [
  '便民超市',
  '鼓楼大药房',
  '老北京炸酱面',
  '五金建材',
  '鲜花水果',
  '理发美容',
  '烟酒茶叶',
  '电动车维修',
  '早点铺',
  '包子铺',
  '干洗店',
  '眼镜店',
  '手机维修',
  '社区卫生站',
  '家常菜馆',
  '粮油副食',
]
export const GREEN = '#4f7a3a'
export const ASPHALT = '#4a4c4f'
export const PAVING = '#b9b4aa'
export const KERB = '#d8d4cc'
export const LINE_WHITE = '#e6e6e0'
export const LINE_YELLOW = '#e0b030'
