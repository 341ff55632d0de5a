import { type MajorSpec, item } from './categorySpec'

/** What grid governance adds to the city-management table: disputes, hazards and residents' requests. */
export const GOVERNANCE_MAJORS: readonly MajorSpec[] = [
  {
    kind: 'governance',
    majorCode: '01',
    majorName: '矛盾纠纷',
    items: [
      item('邻里纠纷', 'Neighbour dispute', '5 working_days', 'streetGovernance', '邻里之间因噪声、漏水、占用公共空间等发生争执', '双方达成调解协议或已引导司法途径'),
      item('家庭纠纷', 'Family dispute', '5 working_days', 'streetGovernance', '婚姻、赡养、继承等家庭矛盾需要调解', '调解完成或已转介法律援助'),
      item('劳资纠纷', 'Wage dispute', '10 working_days', 'streetGovernance', '辖区单位拖欠工资或劳动争议', '工资已支付或已转劳动监察'),
      item('物业纠纷', 'Property-management dispute', '10 working_days', 'housing', '业主与物业服务企业因收费、服务产生纠纷', '双方达成一致或已按程序处理'),
      item('房屋土地权属纠纷', 'Property-rights dispute', '30 natural_days', 'streetGovernance', '房屋、宅基地、院落权属或使用争议', '调解结案或已告知诉讼途径'),
    ],
  },
  {
    kind: 'governance',
    majorCode: '02',
    majorName: '安全隐患',
    items: [
      item('消防通道堵塞', 'Blocked fire lane', '4 urgent_hours', 'fire', '消防通道、楼道被车辆、杂物占用', '占用已清除，通道畅通', true),
      item('燃气使用隐患', 'Unsafe gas use', '4 urgent_hours', 'gas', '私接燃气管线、胶管老化或商户违规使用液化气', '隐患已整改，检测合格', true),
      item('电动自行车违规充电', 'E-bike charging indoors', '24 urgent_hours', 'streetSafety', '在楼道、室内或飞线为电动自行车充电', '飞线已拆除，车辆已移至集中充电点', true),
      item('危险房屋', 'Unsafe building', '24 urgent_hours', 'housing', '房屋出现明显裂缝、倾斜、沉降', '已鉴定并采取加固或人员撤离措施', true),
      item('电梯困人', 'People trapped in a lift', '1 urgent_hours', 'housing', '电梯故障有人员被困', '被困人员已解救，电梯停用待修', true),
      item('生产经营场所安全隐患', 'Workplace safety hazard', '3 working_days', 'workSafety', '小作坊、仓库、门店存在违规储存、用电等隐患', '隐患已整改并复查合格'),
      item('食品安全隐患', 'Food safety hazard', '2 working_days', 'foodDrug', '餐饮单位卫生条件差、使用过期原料', '已责令整改并复查合格'),
    ],
  },
  {
    kind: 'governance',
    majorCode: '03',
    majorName: '民生诉求',
    items: [
      item('供暖不热', 'Poor heating', '24 urgent_hours', 'housing', '供暖期室温低于18℃', '室温达标，回访居民确认'),
      item('停水', 'Water outage', '8 urgent_hours', 'water', '无计划停水或停水超过公告时间', '恢复供水'),
      item('物业服务诉求', 'Property-service request', '5 working_days', 'housing', '居民反映物业服务不到位', '物业整改完成，居民认可'),
      item('老旧小区设施维修', 'Old-estate repair', '10 working_days', 'housing', '老旧小区楼道灯、单元门、下水等公共设施损坏', '设施修复'),
      item('养老助残服务需求', 'Elderly or disabled care request', '5 working_days', 'civilAffairs', '老年人、残疾人提出助餐、助浴、上门照料等需求', '服务已安排，回访确认'),
      item('电子保姆紧急呼叫', 'Electronic nanny emergency call', '1 urgent_hours', 'serviceCenter', '独居老人通过电子保姆或96156紧急呼叫', '人员已到场处置，家属已联系', true),
    ],
  },
]

/** 便民服务事项: 即办 (handled on the spot) and 承办 (undertaken, answered within a promise). */
export const SERVICE_MAJORS: readonly MajorSpec[] = [
  {
    kind: 'service',
    majorCode: '01',
    majorName: '即办事项',
    items: [
      item('居住证明开具', 'Residence certificate', '1 working_hours', 'serviceCenter', '本辖区居民持身份证件申请', '证明已开具交付'),
      item('老年人优待卡办理', 'Senior discount card', '1 working_hours', 'serviceCenter', '年满65周岁本市户籍老人申请', '申请已受理并告知领卡时间'),
      item('就业失业登记', 'Employment registration', '1 working_hours', 'serviceCenter', '辖区居民办理就业或失业登记', '登记完成'),
      item('生育服务登记', 'Birth service registration', '1 working_hours', 'serviceCenter', '符合条件的夫妻申请生育服务登记', '登记完成并发放服务单'),
      item('社会保障卡挂失补办', 'Social security card replacement', '1 working_hours', 'serviceCenter', '持卡人申请挂失或补办', '挂失完成，补卡申请已提交'),
    ],
  },
  {
    kind: 'service',
    majorCode: '02',
    majorName: '承办事项',
    items: [
      item('最低生活保障申请', 'Minimum living allowance', '20 working_days', 'civilAffairs', '居民提交低保申请材料', '审核结果已告知申请人'),
      item('公共租赁住房申请', 'Public rental housing', '20 working_days', 'housing', '符合条件的家庭提交公租房申请', '初审完成并报送区住建委'),
      item('居家养老服务补贴', 'Home-care subsidy', '10 working_days', 'civilAffairs', '老年人申请居家养老服务补贴', '补贴审批结果已告知'),
      item('临时救助申请', 'Temporary assistance', '7 working_days', 'civilAffairs', '遭遇突发困难的家庭申请临时救助', '救助金已发放或已答复'),
      item('计划生育奖励扶助', 'Family-planning reward', '15 working_days', 'health', '符合条件的家庭申请奖励扶助金', '审核结果已告知，资金已拨付'),
    ],
  },
]
