/** The charts KpiCharts.vue can show, in their default order (a parent may pick and reorder). */
export const KPI_CHARTS = ['channels', 'funnel', 'rates', 'cameras', 'trend', 'categories', 'grids'] as const
export type KpiChartKey = (typeof KPI_CHARTS)[number]

/** Camera fleet health, the same shape as the camera health store's `counts` (stores/cameraHealth.ts). */
export interface CameraCounts {
  online: number
  offline: number
  stalled: number
  preparing: number
  unknown: number
}
