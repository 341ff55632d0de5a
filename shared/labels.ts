import type { CaseAction, CaseSource, CaseState } from './schemas/case'

export interface Label {
  zh: string
  en: string
}

export const STATE_LABELS: Record<CaseState, Label> = {
  pending_filing: { zh: '待立案', en: 'Pending filing' },
  prefiling_check: { zh: '立案核实中', en: 'Pre-filing check' },
  not_accepted: { zh: '不予立案', en: 'Not accepted' },
  pending_dispatch: { zh: '待派遣', en: 'Pending dispatch' },
  dispatched: { zh: '待处置', en: 'Dispatched' },
  in_progress: { zh: '处置中', en: 'In progress' },
  suspended: { zh: '挂账', en: 'Suspended' },
  pending_check: { zh: '待核查', en: 'Pending check' },
  closed: { zh: '已结案', en: 'Closed' },
  evaluated: { zh: '已评价', en: 'Evaluated' },
  merged: { zh: '已合并', en: 'Merged' },
}

export const ACTION_LABELS: Record<CaseAction, Label> = {
  report: { zh: '上报', en: 'Report' },
  request_check: { zh: '立案前核实', en: 'Request pre-filing check' },
  submit_check: { zh: '提交核实结果', en: 'Submit check result' },
  file: { zh: '立案', en: 'File' },
  file_self_handled: { zh: '立案(自行处置)', en: 'File as self-handled' },
  reject: { zh: '不予立案', en: 'Do not accept' },
  dispatch: { zh: '派遣', en: 'Dispatch' },
  return_to_intake: { zh: '退回受理', en: 'Return to intake' },
  accept: { zh: '接收', en: 'Accept' },
  return_to_dispatch: { zh: '退回派遣', en: 'Return to dispatch' },
  request_extension: { zh: '申请延期', en: 'Request extension' },
  approve_extension: { zh: '批准延期', en: 'Approve extension' },
  reject_extension: { zh: '驳回延期', en: 'Reject extension' },
  request_suspension: { zh: '申请挂账', en: 'Request suspension' },
  approve_suspension: { zh: '批准挂账', en: 'Approve suspension' },
  reject_suspension: { zh: '驳回挂账', en: 'Reject suspension' },
  resume: { zh: '恢复处置', en: 'Resume' },
  feedback: { zh: '处置反馈', en: 'Submit feedback' },
  check_on_site: { zh: '现场核查', en: 'Check on site' },
  close: { zh: '结案', en: 'Close' },
  rework: { zh: '返工', en: 'Rework' },
  follow_up: { zh: '回访', en: 'Follow-up call' },
  evaluate: { zh: '评价', en: 'Evaluate' },
  merge: { zh: '合并重复案件', en: 'Merge duplicate' },
  keep_separate: { zh: '保留为独立案件', en: 'Keep separate' },
  escalate: { zh: '上报区级', en: 'Escalate to district' },
}

export const SOURCE_LABELS: Record<CaseSource, Label> = {
  terminal: { zh: '网格员终端', en: 'Grid terminal' },
  camera: { zh: '视频发现', en: 'Camera' },
  hotline: { zh: '96156热线', en: '96156 hotline' },
  walk_in: { zh: '居民来访', en: 'Walk-in' },
  patrol: { zh: '执法巡查', en: 'Patrol' },
  district: { zh: '区平台转办', en: 'District referral' },
}
