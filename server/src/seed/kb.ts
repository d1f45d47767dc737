// Knowledge-base seed: categories (reference data) and a starter set of published articles. Runs on every
// start and is idempotent: categories by code, articles by title — editors' changes are never overwritten.
// Contents are illustrative for a demo district; a real centre replaces them with its own policy texts.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { kbCategories } from '../db/schema';

export const KB_CATEGORIES: { code: string; name: string; nameEn: string }[] = [
  { code: 'policy', name: '政策法规', nameEn: 'Policies and regulations' },
  { code: 'guide', name: '办事指南', nameEn: 'How-to guides' },
  { code: 'social', name: '社会保障', nameEn: 'Social security' },
  { code: 'city', name: '城市管理', nameEn: 'City management' },
  { code: 'traffic', name: '交通出行', nameEn: 'Transport' },
  { code: 'elder', name: '养老服务', nameEn: 'Elderly care' },
];

interface SeedArticle {
  category: string;
  /** ticket category code this article answers */
  ticketCategory?: string;
  title: string;
  keywords: string;
  body: string;
}

export const KB_ARTICLES: SeedArticle[] = [
  {
    category: 'social',
    ticketCategory: 'consult-policy',
    title: '住房公积金提取条件及办理流程',
    keywords: '公积金,提取,购房,租房,离职',
    body: `职工有下列情形之一的，可以提取住房公积金账户内的存储余额：购买、建造、翻建、大修自住住房；偿还购房贷款本息；租房自住且连续足额缴存满3个月；离休、退休；完全丧失劳动能力并与单位终止劳动关系；出境定居。
办理方式：1. 线上：登录住房公积金管理中心网站或手机APP，"个人业务—提取"，上传材料后一般3个工作日内到账。2. 线下：携带本人身份证、银行卡及相关证明材料到任一公积金管理部柜台办理。
租房提取：无自有住房的，每月可按实际房租提取，不超过当月应缴额；无需提供租房合同。
答复口径：具体提取额度以公积金管理中心审核为准，咨询电话可转接公积金管理中心服务热线。`,
  },
  {
    category: 'social',
    ticketCategory: 'consult-guide',
    title: '社保卡丢失补办（挂失、补卡）',
    keywords: '社保卡,补办,挂失,医保卡',
    body: `社保卡丢失后请第一时间挂失：可拨打社保卡服务热线、通过"社保卡"手机APP或到合作银行网点办理临时挂失（有效期5天）和正式挂失。
补卡：正式挂失后，携带本人有效身份证件到社保卡服务网点或合作银行网点申请补卡，即时制卡网点可当场领取；非即时网点约20个工作日制卡完成，短信通知领取。补卡工本费按规定收取，低保、特困等人员免收。
补卡期间就医：可使用医保电子凭证（医保码）正常就医结算。
代办：需携带代办人和本人身份证原件。`,
  },
  {
    category: 'guide',
    ticketCategory: 'consult-guide',
    title: '居住证办理条件与所需材料',
    keywords: '居住证,暂住证,办理,积分,流动人口',
    body: `办理条件：离开常住户口所在地，到本市居住半年以上，并符合有合法稳定就业、合法稳定住所、连续就读条件之一的，可以申领居住证。
所需材料：本人居民身份证；近期免冠照片（可现场采集）；居住登记满半年的证明；合法稳定住所证明（房屋租赁合同或房产证明）或就业、就读证明。
办理地点：居住地派出所或街道（乡镇）流动人口服务站，部分地区可通过政务服务网预约。
办理时限：材料齐全的，自受理之日起15日内发放。居住证每年签注一次，逾期未签注的暂停使用。`,
  },
  {
    category: 'city',
    ticketCategory: 'help-utility',
    title: '供暖不热投诉处理时限',
    keywords: '供暖,暖气,不热,室温,供热',
    body: `供暖期内居民卧室、起居室室温应不低于18℃。市民反映供暖不热的，热线受理后派发至供热单位。
处理时限：供热单位接到派单后应在24小时内上门检测室温；确属供热原因的，应在48小时内采取措施整改，整改后复测；因用户内部设施问题的，应向居民说明原因并提出维修建议。
室温不达标的，可按规定申请退费（按不达标天数计算）。
答复口径：告知市民保持电话畅通，等候供热单位联系上门测温；测温时请在场并对结果签字确认。`,
  },
  {
    category: 'city',
    ticketCategory: 'complaint-sanitation',
    title: '生活垃圾分类投放时间与要求',
    keywords: '垃圾分类,投放时间,厨余垃圾,可回收物,有害垃圾',
    body: `生活垃圾分为厨余垃圾、可回收物、有害垃圾和其他垃圾四类。
定时定点投放：居住小区一般实行早晚两段投放，早上7:00—9:00，晚上18:00—20:00，具体时间以小区公示为准；其他时段可投放至小区设置的误时投放点。
投放要求：厨余垃圾去除包装袋后投放；可回收物保持清洁干燥；有害垃圾（废电池、废灯管、过期药品等）投放至红色收集容器；大件垃圾和装修垃圾需预约清运。
问题反映：小区未设置分类桶站或清运不及时的，可派发至街道及城市管理部门处理。`,
  },
  {
    category: 'city',
    ticketCategory: 'complaint-sanitation',
    title: '占道经营的认定与处理',
    keywords: '占道经营,摊贩,流动商贩,出店经营,城管',
    body: `占道经营是指未经批准，在城市道路、广场、人行道等公共场所摆摊设点、出店经营或堆放物品的行为。
受理要点：记录具体位置（路名、门牌号或标志物）、经营时段、经营内容及是否影响通行。
处理流程：派发至属地街道或城管执法部门，执法人员一般在2小时内到场劝导；对拒不改正的依法处罚。
答复口径：对流动摊贩反复出现的点位，可建议属地设置便民疏导点；早晚高峰时段属地将加强巡查。`,
  },
  {
    category: 'city',
    ticketCategory: 'complaint-noise',
    title: '噪音扰民投诉处理',
    keywords: '噪音,扰民,施工噪音,夜间施工,广场舞,社会生活噪声',
    body: `噪音分类处理：
1. 建筑施工噪音：夜间（22:00至次日6:00）禁止产生噪声的施工作业，因特殊需要必须连续作业的应取得证明并公告附近居民。夜间施工扰民派发至城管执法部门，执法人员到场核查。
2. 社会生活噪音（广场舞、商铺高音喇叭等）：派发至属地街道协调处理，必要时由公安机关依法处理。
3. 邻里噪音（装修、宠物等）：装修时间一般为工作日8:00—12:00、14:00—18:00，由物业或社区协调。
答复口径：正在发生的夜间施工噪音，告知市民已紧急派单，执法人员将尽快到场。`,
  },
  {
    category: 'elder',
    ticketCategory: 'consult-elder',
    title: '老年人"一键呼"服务介绍与申请',
    keywords: '一键呼,紧急呼叫,老年人,呼叫器,居家养老',
    body: `"一键呼"是为独居、空巢、失能等老年人提供的紧急呼叫服务：老人按下呼叫器或专用电话上的按键，即接通服务中心坐席。
服务内容：紧急救援（联系120、家属和社区）、生活服务（助餐、助洁、维修等转介）、关怀问候（定期主动回访）。
申请条件：本区户籍或居住的65周岁以上独居、空巢、失能老年人优先；由本人或家属向社区居委会提出申请，经街道审核后安装设备。
费用：设备和基础服务费用由政府购买服务承担，转介的生活服务按市场价格或补贴政策收费。`,
  },
  {
    category: 'elder',
    ticketCategory: 'consult-elder',
    title: '养老服务补贴申领办法',
    keywords: '养老补贴,高龄津贴,失能护理补贴,老年人补贴',
    body: `补贴类型：困难老年人养老服务补贴；失能老年人护理补贴；高龄老年人津贴（80周岁以上）。
申领方式：老年人本人或其委托人向户籍所在地社区居委会提出申请，填写申请表并提供身份证、户口簿、银行账户，失能老人需提供能力评估结果。
审核发放：社区初审、街道审核、区民政部门审批，审批通过后次月起按月发放至老年人社保卡或银行账户。
答复口径：具体补贴标准以区民政局当年公布为准，可告知市民向社区居委会或区民政局咨询。`,
  },
  {
    category: 'traffic',
    ticketCategory: 'help-traffic',
    title: '公交线路查询与线路调整意见反映',
    keywords: '公交,线路,站点,首末班车,公交查询',
    body: `线路查询：市民可通过公交集团官方网站、手机APP、电子站牌查询线路走向、首末班时间和实时到站信息。
线路调整建议：市民对线路走向、站点设置、发车间隔有意见的，热线记录具体线路号、站点名称和诉求后，派发至区交通委，由其转公交企业研究答复，答复期限一般为15个工作日。
临时改线：因道路施工等原因临时改线的，以公交企业公告为准。
车内服务问题（拒载、服务态度）：请记录车牌号、线路号和时间，派发至公交企业处理。`,
  },
  {
    category: 'guide',
    ticketCategory: 'consult-guide',
    title: '新生儿户口登记办理指南',
    keywords: '新生儿,落户,户口登记,出生证明',
    body: `新生儿出生后一个月内，由监护人向户口所在地派出所申报出生登记。
所需材料：《出生医学证明》；父母双方居民户口簿、居民身份证；父母结婚证（非婚生育的提供相应证明）。
随父或随母落户均可；父母户口不在同一地的，可在任一方户口所在地办理。
多地已开通"出生一件事"联办，可在线同时办理出生医学证明、预防接种证、户口登记、医保参保和社保卡申领。`,
  },
  {
    category: 'social',
    ticketCategory: 'consult-policy',
    title: '灵活就业人员参加社会保险',
    keywords: '灵活就业,个体,社保缴费,养老保险,医疗保险',
    body: `无雇工的个体工商户、未在用人单位参加社会保险的非全日制从业人员以及其他灵活就业人员，可以个人身份参加基本养老保险和基本医疗保险。
办理：携带身份证到社保经办机构或通过人社APP办理参保登记，选择缴费基数档次。
缴费：按月或按年通过银行代扣、税务APP缴纳。
提示：中断缴费不影响已缴费年限累计，补缴需符合相关规定。`,
  },
  {
    category: 'social',
    ticketCategory: 'consult-policy',
    title: '失业保险金申领条件',
    keywords: '失业金,失业保险,申领,离职',
    body: `申领条件：失业前用人单位和本人已缴纳失业保险费满一年；非因本人意愿中断就业；已进行失业登记并有求职要求。
申领方式：通过人社部门网站、手机APP或到户籍/常住地公共就业服务机构申领，无需提供纸质材料。
领取期限：根据累计缴费时间确定，最长不超过24个月。领取期间由失业保险基金代缴基本医疗保险费。`,
  },
  {
    category: 'city',
    ticketCategory: 'report-building',
    title: '违法建设举报受理要点',
    keywords: '违建,违法建设,私搭乱建,加盖,楼顶',
    body: `受理要点：记录违建具体地址（小区、楼号、单元、楼层）、建设形式（楼顶加盖、院内搭建、破墙开店等）、是否正在施工。
正在施工的违法建设派发至属地街道和城管执法部门，一般24小时内到场制止；已建成的违建按程序调查认定后依法处理。
答复口径：举报人信息将严格保密。`,
  },
  {
    category: 'city',
    ticketCategory: 'help-utility',
    title: '停水停电信息查询及报修',
    keywords: '停水,停电,报修,计划停电,供水',
    body: `计划停水停电：供水、供电企业会提前在小区公告栏、官方网站和APP发布通知，热线可查询近期计划停水停电信息答复市民。
突发停水停电：先确认是否为户内原因（欠费、跳闸），如为公共管网故障，派发至供水或供电企业抢修，抢修人员一般2小时内到达现场。
答复口径：请市民注意用电安全，恢复供电前关闭大功率电器。`,
  },
  {
    category: 'traffic',
    ticketCategory: 'help-traffic',
    title: '交通信号灯故障报修',
    keywords: '红绿灯,信号灯,故障,路口',
    body: `市民反映信号灯不亮、常红常绿、配时不合理的，记录路口名称（两条相交道路）、方向和故障现象，派发至交通管理部门。
信号灯故障一般在2小时内到场处置；配时优化建议转交通管理部门研究，15个工作日内答复。`,
  },
  {
    category: 'traffic',
    ticketCategory: 'help-traffic',
    title: '共享单车乱停放处理',
    keywords: '共享单车,乱停放,单车堆积,电动自行车',
    body: `共享单车应停放在道路两侧划定的停放区内。市民反映单车堆积、阻碍通行的，记录具体位置和品牌，派发至属地街道，由其通知运营企业清运调度，一般2小时内处理。`,
  },
  {
    category: 'elder',
    ticketCategory: 'consult-elder',
    title: '社区养老服务驿站服务内容',
    keywords: '养老驿站,助餐,日间照料,上门服务',
    body: `社区养老服务驿站为周边老年人提供：助餐（老年餐桌、送餐上门）、日间照料、呼叫服务、健康指导、文化娱乐、心理慰藉等服务。
老年人可到就近驿站登记，部分服务可使用养老助残卡支付或享受补贴。驿站地址和电话可通过区民政局网站查询。`,
  },
  {
    category: 'policy',
    ticketCategory: 'consult-policy',
    title: '12345热线受理范围与不予受理事项',
    keywords: '受理范围,不予受理,热线职责,12345',
    body: `12345热线受理市民对经济调节、市场监管、社会管理、公共服务、生态环境保护等方面的咨询、求助、投诉、举报和意见建议。
不予受理：应当通过诉讼、仲裁、纪检监察、行政复议等法定途径解决的事项；已经进入或已经完成法定程序的事项；涉及国家秘密、商业秘密、个人隐私的事项；违反社会公序良俗的事项。
紧急事项：需要公安、消防、急救等紧急处置的，应告知市民拨打110、119、120，并可三方转接。`,
  },
  {
    category: 'policy',
    ticketCategory: 'complaint-property',
    title: '物业服务收费与维修资金使用',
    keywords: '物业费,维修资金,物业管理,电梯维修',
    body: `物业服务收费标准应在小区显著位置公示。对收费有异议的，可向街道或住建部门反映。
专项维修资金用于共用部位、共用设施设备保修期满后的维修和更新改造（如电梯、屋面防水、外墙）。使用需经业主表决，紧急情况（电梯故障、屋面漏水等）可按应急程序申请使用。
答复口径：涉及维修资金使用的诉求派发至区住建委物业管理科。`,
  },
];

/** Insert what is missing; returns how many articles were added. */
export async function seedKb(db: Db, log: (m: string) => void = () => undefined): Promise<number> {
  return db.transaction(async (tx) => {
    await tx
      .insert(kbCategories)
      .values(KB_CATEGORIES.map((c, i) => ({ ...c, sort: i })))
      .onConflictDoNothing({ target: kbCategories.code });
    let added = 0;
    for (const a of KB_ARTICLES) {
      // No unique index on title (editors may reuse one), so "missing" is a not-exists test.
      const r = await tx.execute(sql`
        insert into kb_articles (category_id, ticket_category_id, title, body, keywords, status, published_at)
        select c.id, (select id from categories where code = ${a.ticketCategory ?? ''}), ${a.title}, ${a.body},
               ${a.keywords}, 'published', now()
        from kb_categories c
        where c.code = ${a.category} and not exists (select 1 from kb_articles where title = ${a.title})`);
      added += r.rowCount ?? 0;
    }
    if (added) log(`[seed] knowledge base: ${added} articles`);
    return added;
  });
}
