/** The charts KpiCharts.vue can show, in their default order (a parent may pick and reorder). */
export const KPI_CHARTS = ['channels', 'funnel', 'rates', 'cameras', 'trend', 'categories', 'grids'] as const
export type KpiChartKey = (typeof KPI_CHARTS)[number]

/** Camera fleet health, the same shape as the reference store's `cameraStatusCounts`. */
export interface CameraCounts {
  online: number
  offline: number
  stalled: number
  unknown: number
}
