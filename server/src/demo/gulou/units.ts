import type { Unit, UnitKind } from '@shared/schemas/reference'

/**
 * The joint enforcement center of the report: 8 resident units (城管, 公安, 食药, 安监 …) and
 * 11 listed units (市政, 住建, 文化 …), plus the street's own departments the report names
 * alongside them (城管科, 综治办, 安管科) and the citizen service center that owns service items.
 * Keys are how the category table names a unit; ids are what the data carries.
 */
const UNIT_SPECS = [
  ['chengguan', 'resident', '密云区城管执法监察局鼓楼执法队', 'Gulou Urban Management Enforcement Team'],
  ['police', 'resident', '密云公安分局鼓楼派出所', 'Gulou Police Station'],
  ['foodDrug', 'resident', '密云区食品药品监管局鼓楼食品药品监管所', 'Gulou Food and Drug Supervision Office'],
  ['workSafety', 'resident', '密云区安全生产监管局鼓楼安监站', 'Gulou Work Safety Supervision Station'],
  ['commerce', 'resident', '密云区工商分局鼓楼工商所', 'Gulou Industry and Commerce Office'],
  ['trafficPolice', 'resident', '密云交通支队城区大队', 'Urban Traffic Police Brigade'],
  ['fire', 'resident', '密云区消防支队鼓楼中队', 'Gulou Fire Squadron'],
  ['environment', 'resident', '密云区环保局环境监察队', 'Environmental Inspection Team'],
  ['municipal', 'listed', '密云区市政市容委', 'Municipal Administration and City Appearance Commission'],
  ['housing', 'listed', '密云区住房城乡建设委', 'Housing and Urban-Rural Development Commission'],
  ['culture', 'listed', '密云区文化委综合执法队', 'Culture Commission Enforcement Team'],
  ['greening', 'listed', '密云区园林绿化局', 'Landscaping and Greening Bureau'],
  ['water', 'listed', '密云区水务局', 'Water Affairs Bureau'],
  ['power', 'listed', '国网北京密云供电公司', 'State Grid Miyun Power Supply Company'],
  ['gas', 'listed', '北京燃气密云分公司', 'Beijing Gas Miyun Branch'],
  ['telecom', 'listed', '密云区通信设施联合维护中心', 'Telecom Facilities Joint Maintenance Center'],
  ['health', 'listed', '密云区卫生计生监督所', 'Health and Family Planning Supervision Institute'],
  ['transport', 'listed', '密云区交通局', 'Transport Bureau'],
  ['civilAffairs', 'listed', '密云区民政局', 'Civil Affairs Bureau'],
  ['streetCityMgmt', 'street_department', '鼓楼街道城管科', 'Street Urban Management Section'],
  ['streetGovernance', 'street_department', '鼓楼街道综治办', 'Street Comprehensive Governance Office'],
  ['streetSafety', 'street_department', '鼓楼街道安管科', 'Street Safety Management Section'],
  ['serviceCenter', 'street_department', '鼓楼街道便民服务中心', 'Street Citizen Service Center'],
] as const satisfies readonly (readonly [string, UnitKind, string, string])[]

export type UnitKey = (typeof UNIT_SPECS)[number][0]

/** U01-U08 resident, U09-U19 listed (the table keeps that order), D01-D04 street departments. */
const idAt = (i: number) => (i < 19 ? `U${String(i + 1).padStart(2, '0')}` : `D${String(i - 18).padStart(2, '0')}`)

export const UNIT_ID = Object.fromEntries(UNIT_SPECS.map(([key], i) => [key, idAt(i)])) as Record<UnitKey, string>

export const UNITS: readonly Unit[] = UNIT_SPECS.map(([, kind, name, nameEn], i) => ({ id: idAt(i), name, nameEn, kind }))
