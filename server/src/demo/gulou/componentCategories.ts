import { type MajorSpec, item } from './categorySpec'

/** 部件 (components): things of the street that break, go missing or wear out. */
export const COMPONENT_MAJORS: readonly MajorSpec[] = [
  {
    kind: 'component',
    majorCode: '01',
    majorName: '公用设施',
    items: [
      item('井盖缺失', 'Missing manhole cover', '2 urgent_hours', 'municipal', '道路、人行道或公共区域井盖丢失，井口敞开', '现场已设围挡警示并补装井盖，井口封闭', true),
      item('井盖破损', 'Broken manhole cover', '4 working_hours', 'municipal', '井盖断裂、缺角或塌陷，行人车辆通行有隐患', '破损井盖已更换，与路面平顺'),
      item('井盖松动异响', 'Rattling manhole cover', '2 working_days', 'municipal', '井盖松动、不平，车辆碾压有响声', '井盖已调平加固，碾压无异响'),
      item('雨水箅子缺失破损', 'Missing or broken storm grate', '4 working_hours', 'water', '雨水口箅子丢失、断裂或错位', '箅子已补齐或更换，安放平稳'),
      item('路灯不亮', 'Streetlight out', '2 working_days', 'municipal', '夜间路灯不亮、昼亮或频闪，同一路段连续2盏以上或单盏超过3天', '路灯恢复正常照明'),
      item('消火栓损坏', 'Damaged fire hydrant', '2 working_days', 'fire', '消火栓漏水、被撞倒、部件缺失或被圈占遮挡', '消火栓修复并试水正常，周边无遮挡'),
      item('电力设施隐患', 'Exposed power equipment', '4 urgent_hours', 'power', '电箱门敞开、电线裸露或线缆垂落，可能危及行人', '电箱已锁闭，裸露线缆已包扎或架空', true),
      item('燃气设施损坏', 'Damaged gas equipment', '2 urgent_hours', 'gas', '燃气调压箱、阀门井或管线标志桩损坏', '燃气设施修复，检测无泄漏', true),
      item('通信设施损坏', 'Damaged telecom equipment', '3 working_days', 'telecom', '通信交接箱、线杆破损倾斜或线缆脱落', '设施修复，线缆规范固定'),
    ],
  },
  {
    kind: 'component',
    majorCode: '02',
    majorName: '道路交通',
    items: [
      item('交通信号灯故障', 'Traffic signal failure', '2 urgent_hours', 'trafficPolice', '信号灯不亮、常亮、相位错乱或倒计时失准', '信号灯恢复正常运行', true),
      item('道路护栏损坏', 'Damaged road barrier', '3 working_days', 'transport', '护栏倒伏、断裂或缺失', '护栏扶正、修复或补齐'),
      item('交通标志牌损坏', 'Damaged traffic sign', '5 working_days', 'transport', '标志牌缺失、倾斜、被遮挡或内容错误', '标志牌修复、更换或清除遮挡'),
      item('路名牌损坏', 'Damaged street-name sign', '5 working_days', 'municipal', '路名牌缺失、破损或字迹不清', '路名牌修复或更换'),
      item('公交站亭破损', 'Damaged bus shelter', '3 working_days', 'transport', '站亭顶棚、玻璃、座椅或站牌破损', '站亭修复，无尖锐破损'),
      item('停车咪表损坏', 'Broken parking meter', '5 working_days', 'transport', '咪表无法缴费、显示异常或被损坏', '咪表恢复正常使用'),
      item('挡车桩缺失损坏', 'Missing or damaged bollard', '3 working_days', 'municipal', '人行道挡车桩缺失、倾倒或松动', '挡车桩补齐、扶正并固定'),
    ],
  },
  {
    kind: 'component',
    majorCode: '03',
    majorName: '市容环境',
    items: [
      item('公厕设施损坏', 'Public toilet out of order', '8 working_hours', 'municipal', '公厕设施损坏、断水断电或无法使用', '公厕设施修复，恢复开放'),
      item('果皮箱破损', 'Damaged litter bin', '2 working_days', 'municipal', '果皮箱破损、缺失或倾倒', '果皮箱修复或更换'),
      item('牌匾标识松动', 'Loose shop sign', '4 urgent_hours', 'chengguan', '牌匾、灯箱松动、脱落或有坠落危险', '牌匾已加固或拆除，无坠落危险', true),
      item('垃圾分类桶站损坏', 'Damaged sorting station', '3 working_days', 'streetCityMgmt', '垃圾分类桶站桶体、棚顶或标识破损缺失', '桶站修复，分类标识齐全'),
    ],
  },
  {
    kind: 'component',
    majorCode: '04',
    majorName: '园林绿化',
    items: [
      item('行道树倒伏断枝', 'Fallen tree or hanging branch', '4 urgent_hours', 'greening', '树木倒伏、断枝悬挂或严重倾斜，危及行人车辆', '倒伏树木已清理，断枝已修剪', true),
      item('古树名木受损', 'Damaged heritage tree', '7 natural_days', 'greening', '挂牌古树名木有损伤、病虫害或被钉挂圈占', '养护复壮措施完成，钉挂圈占已清除'),
      item('绿地损毁', 'Damaged green space', '15 natural_days', 'greening', '绿地被踩踏、碾压、占用或黄土裸露', '占用已清除，绿地补植或覆盖完成'),
      item('公园座椅损坏', 'Broken park bench', '5 working_days', 'greening', '座椅断裂、缺板或螺栓外露', '座椅修复或更换'),
      item('树池箅子缺失', 'Missing tree-pit grate', '3 working_days', 'greening', '树池箅子缺失、破损或翘起绊人', '树池箅子补齐并铺平'),
    ],
  },
  {
    kind: 'component',
    majorCode: '05',
    majorName: '房屋土地及其他',
    items: [
      item('宣传栏破损', 'Damaged notice board', '5 working_days', 'streetCityMgmt', '社区宣传栏、公示栏破损或内容过期', '宣传栏修复，内容更新'),
      item('人防工事出入口损坏', 'Damaged civil-defence entrance', '10 natural_days', 'housing', '人防工事出入口门体、标识损坏或被占用', '出入口修复，占用清除'),
      item('健身器材损坏', 'Broken fitness equipment', '3 working_days', 'culture', '社区健身器材断裂、松动或部件缺失', '器材修复或停用拆除并设提示'),
      item('建筑外立面脱落隐患', 'Loose building façade', '4 urgent_hours', 'housing', '外墙面砖、保温层或空调支架松动，有坠落危险', '隐患部位已拆除或加固，警戒解除', true),
      item('公共视频监控损坏', 'Damaged public camera', '2 working_days', 'police', '公共区域视频监控探头损坏、遮挡或离线', '探头恢复正常图像'),
    ],
  },
]
