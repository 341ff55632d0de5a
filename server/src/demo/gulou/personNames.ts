import type { Random } from './random'

/** Common surnames with rough weights, so 王/李/张/刘 turn up as often as they do in Beijing. */
const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 10], ['李', 9], ['张', 9], ['刘', 8], ['陈', 5], ['杨', 5], ['赵', 5], ['黄', 2], ['周', 3], ['吴', 2],
  ['徐', 2], ['孙', 3], ['胡', 2], ['朱', 2], ['高', 3], ['林', 1], ['何', 1], ['郭', 3], ['马', 3], ['罗', 1],
  ['梁', 1], ['宋', 2], ['郑', 1], ['谢', 1], ['韩', 2], ['唐', 1], ['冯', 1], ['于', 2], ['董', 2], ['程', 1],
  ['曹', 1], ['袁', 1], ['邓', 1], ['许', 1], ['沈', 1], ['彭', 1], ['吕', 1], ['苏', 1], ['蒋', 1], ['贾', 2],
  ['丁', 1], ['魏', 1], ['薛', 1], ['阎', 1], ['潘', 1], ['杜', 1], ['夏', 1], ['田', 2], ['任', 1], ['姜', 1],
  ['范', 1], ['石', 1], ['姚', 1], ['谭', 1], ['金', 1], ['陆', 1], ['郝', 1], ['孔', 1], ['白', 1], ['崔', 1],
  ['康', 1], ['毛', 1], ['秦', 1], ['史', 1], ['顾', 1], ['侯', 1], ['邵', 1], ['孟', 1], ['武', 1], ['常', 1],
]
/** Given names of the generations that staff community work (born 1955-1995), as whole names,
 * so the combinations read like real people rather than random characters. */
const GIVEN_TWO = `秀英 桂兰 玉兰 淑珍 凤英 秀兰 桂英 秀珍 玉珍 淑兰 丽华 丽娟 红梅 海燕 春燕 晓红 雪梅 艳华 建华 建国
  建军 国庆 国强 志强 志刚 永刚 立新 立军 振华 德明 宝山 春生 文静 丽萍 淑芬 素芳 金凤 瑞芳 红霞 晓东 海涛 海军 伟东
  卫东 卫国 爱华 爱民 秀芳 秀云 玉梅 玉凤 桂芝 桂荣 淑华 淑梅 凤兰 凤琴 燕华 丽君 晓燕 晓梅 晓辉 春红 春华 秋菊 冬梅
  亚军 亚楠 建平 建新 建英 俊杰 思远 子涵 佳怡 雨萱 浩然 文博 宏伟 连生 长海 长友 树林 树森 德胜 福生 庆华 明远`.split(/\s+/)
const GIVEN_ONE = [...'静敏丽强军伟磊勇杰涛斌鹏霞艳娟燕红梅英华芳萍玲颖蕾超明刚平辉健']
const SURNAME_TOTAL = SURNAMES.reduce((s, [, w]) => s + w, 0)

export function personName(rng: Random): string {
  let r = rng.next() * SURNAME_TOTAL
  let surname = SURNAMES[0]![0]
  for (const [s, w] of SURNAMES) {
    if ((r -= w) < 0) {
      surname = s
      break
    }
  }
  const given = rng.chance(0.25) ? rng.pick(GIVEN_ONE) : rng.pick(GIVEN_TWO)
  return surname + given
}
