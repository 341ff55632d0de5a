import { type MajorSpec, item } from './categorySpec'

/** 事件 (events): things that happen on the street and have to be stopped or cleared. */
export const EVENT_MAJORS: readonly MajorSpec[] = [
  {
    kind: 'event',
    majorCode: '01',
    majorName: '市容环境',
    items: [
      item('暴露垃圾', 'Exposed trash', '4 working_hours', 'municipal', '道路、绿地等公共区域散落垃圾，面积超过1平方米', '垃圾已清运，地面洁净'),
      item('积存垃圾渣土', 'Accumulated waste and spoil', '1 working_days', 'municipal', '垃圾、渣土堆积超过24小时未清运', '垃圾渣土已清运，场地恢复'),
      item('道路不洁', 'Dirty road', '4 working_hours', 'municipal', '路面有明显污渍、油渍、泥土或积存杂物', '路面已清扫冲洗干净'),
      item('垃圾满溢', 'Overflowing bins', '4 working_hours', 'municipal', '垃圾桶站满溢、桶外散落垃圾', '垃圾已清运，桶站周边干净'),
      item('违法排放污水', 'Illegal wastewater discharge', '2 working_days', 'environment', '向雨水口、河道或路面倾倒排放污水', '排放已制止，污染已清理，责任人已处理'),
      item('露天焚烧', 'Open burning', '2 urgent_hours', 'environment', '露天焚烧垃圾、树叶、秸秆', '明火已熄灭，残留物已清理'),
    ],
  },
  {
    kind: 'event',
    majorCode: '02',
    majorName: '宣传广告',
    items: [
      item('非法小广告', 'Illegal flyers', '1 working_days', 'chengguan', '墙面、线杆、设施上张贴、涂写、喷涂小广告', '小广告已清除，无明显痕迹'),
      item('违规户外广告', 'Illegal billboard', '5 working_days', 'chengguan', '未经审批设置户外广告牌或超期未拆除', '违规广告已拆除或已补办审批'),
      item('违规悬挂条幅', 'Illegal banner', '2 working_days', 'chengguan', '在道路、建筑上违规悬挂条幅标语', '条幅已摘除'),
      item('街头散发广告', 'Street leafleting', '4 working_hours', 'chengguan', '在路口、市场周边散发广告传单', '散发行为已制止，散落传单已清理'),
    ],
  },
  {
    kind: 'event',
    majorCode: '03',
    majorName: '施工管理',
    items: [
      item('施工扬尘', 'Construction dust', '4 working_hours', 'housing', '施工现场裸土未苫盖、未洒水降尘，扬尘明显', '裸土已苫盖，降尘措施到位'),
      item('道路遗撒', 'Road spillage', '4 working_hours', 'chengguan', '车辆运输遗撒渣土、砂石、泥浆', '遗撒物已清理，责任车辆已处罚'),
      item('渣土车未苫盖', 'Uncovered spoil truck', '2 working_hours', 'chengguan', '渣土运输车辆未密闭苫盖上路行驶', '车辆已查处并整改'),
      item('夜间施工扰民', 'Night construction noise', '2 urgent_hours', 'chengguan', '22时至次日6时无夜间施工许可进行施工', '施工已停止或已出示夜间施工许可'),
      item('施工围挡破损', 'Damaged site hoarding', '1 working_days', 'housing', '施工围挡破损、倒伏或不连续', '围挡修复完整'),
      item('私搭乱建', 'Illegal structure', '15 natural_days', 'chengguan', '未经批准搭建建筑物、构筑物或扩建改建', '违法建设已拆除或已依法立案查处'),
      item('开墙打洞', 'Illegal wall opening', '15 natural_days', 'chengguan', '擅自破墙开门开窗、改变房屋用途经营', '墙体已恢复原状或已依法查处'),
    ],
  },
  {
    kind: 'event',
    majorCode: '04',
    majorName: '突发事件',
    items: [
      item('道路塌陷', 'Road collapse', '1 urgent_hours', 'municipal', '路面出现塌陷、空洞或大面积沉降', '现场已围挡，塌陷已回填修复并恢复通行', true),
      item('供水管线爆裂', 'Burst water main', '2 urgent_hours', 'water', '供水管线爆裂跑水', '已关阀止水，管线修复并恢复供水', true),
      item('燃气泄漏', 'Gas leak', '1 urgent_hours', 'gas', '闻到燃气异味或燃气设施泄漏', '泄漏点已封堵，检测合格', true),
      item('积水内涝', 'Flooding', '2 urgent_hours', 'water', '道路、下凹桥或小区积水深度超过15厘米', '积水已排除，道路恢复通行', true),
      item('火情', 'Fire', '1 urgent_hours', 'fire', '发现明火、浓烟', '火已扑灭，现场已移交', true),
      item('大面积停电', 'Power outage', '2 urgent_hours', 'power', '成片区域停电或供电设施故障', '恢复供电', true),
      item('交通事故', 'Traffic accident', '1 urgent_hours', 'trafficPolice', '道路交通事故造成人员受伤或交通阻断', '伤员已救治，现场已清理并恢复通行', true),
    ],
  },
  {
    kind: 'event',
    majorCode: '05',
    majorName: '街面秩序',
    items: [
      item('占道游商', 'Unlicensed street vendor', '2 working_hours', 'chengguan', '流动商贩占用道路、人行道兜售', '游商已劝离或查处，现场恢复'),
      item('店外经营', 'Shop spill-out', '4 working_hours', 'chengguan', '商户超出门窗在店外摆放、经营、作业', '店外经营已清除，商户已签门前三包责任书'),
      item('无照经营', 'Unlicensed business', '5 working_days', 'commerce', '无营业执照从事经营活动', '已办理执照或已依法取缔'),
      item('违章停车', 'Illegal parking', '2 working_hours', 'trafficPolice', '机动车占用人行道、消防通道或禁停路段停放', '车辆已驶离或已贴单拖移'),
      item('露天烧烤', 'Street barbecue', '2 urgent_hours', 'chengguan', '在道路、广场等公共场所露天烧烤', '烧烤已制止，设施已暂扣'),
      item('噪声扰民', 'Noise nuisance', '2 urgent_hours', 'police', '社会生活噪声（广场舞、商铺喇叭、聚会）影响居民休息', '噪声源已停止或音量已降至标准'),
      item('共享单车乱停放', 'Misparked shared bikes', '4 working_hours', 'transport', '共享单车堆积、占用盲道或出入口', '单车已清运或规范摆放'),
      item('无证食品摊贩', 'Unlicensed food stall', '4 working_hours', 'foodDrug', '无证摊贩现场加工销售食品', '摊贩已取缔，食品已处置'),
    ],
  },
]
