/**
 * GA4's source categories, the lists behind "source in the search / social / video / shopping
 * list" in the default channel group.
 * @example
 * const category: SourceCategory = 'social';
 */
export type SourceCategory = 'search' | 'social' | 'video' | 'shopping';

/**
 * Names the copy of Google's list shipped here: `Velir/dbt-ga4` `seeds/ga4_source_categories.csv`
 * as stored at commit 145a280 (819 rows: 131 search, 590 social, 46 video, 52 shopping), kept
 * verbatim in test/fixtures/ga4-source-categories.csv. Stamp it next to a channel so a later list
 * can tell which one classified an event.
 * @example
 * const stamp = { channel: landing.channel, channelList: SOURCE_LIST_VERSION }; // 'ga4-velir-145a280'
 */
export const SOURCE_LIST_VERSION = 'ga4-velir-145a280';

// The list, encoded by scripts/source-categories.mjs (which says how): per category, names
// front-coded in the sorted order of their reversed labels, `x*` for both `x` and `x.com`. No row
// of this copy is in two categories (the exhaustive test would catch one: the later would win).
const DATA: readonly (readonly [SourceCategory, string])[] = [
  // source-data:start
  ['search', 'AaliceBolBskBuoneBvgAbabylonCiduBiglobeCngBy.tutDyandexAcn.360CnBom.aol.searchEbaidu.mFing.cnEexaleadGciteEgoogle.cseLmailLnewsLsearchEmsn.ntpEnaver.mKsearch.mEqwant.liteEsoGgou.mKwapDcastCnduitBz.centrumDfirmyDseznamJ.emailAdaumBe.aol.sucheBogpile*BuckduckgoAeniroAfr.yandexAgloboBoogle*G-playGmybusinessAincredimailAjp.auone.search.sp-webDco.biglobeGrakutenN.websearchGyahooDne.biglobeGdocomo.smt.searchAkvasirBz.yandexAlycosAmsn*AnajdiCver*Bet.daumEukr.searchKcureurlBo.startsidenAonetBrg.ecosiaApl.onetAqwant*ArakutenCmblerBu.mail.goDramblerK.mailDyandexJ.mailKwebmasterKzenAsearch-resultsCznamBogou*BtartsidenAterraBr.com.yandexAua.yandexBk.co.aol.searchCrBz.yandexAvirgilioAyahoo*Cndex*'],
  ['social', 'A43things*Aactiverain*Gworlds*Bddthis*Blumniclass*Bmericantowns*Bnobii*Cswerbag*Bolanswers*Bskubuntu*Bthlinks*Ababy-gaga*Cdoo*Bebo*Cforeitsnews*Bharatstudent*Blackplanet*Cogger*Eher*Elines*Esome*Fpot*Fter*Curtit*Br.com.sociallifeCightkite*Dzzly*Buzzfeed*Enet*Aca.airgDidentiCfemom*Cmospace*Cre2*Ctster*Bellufun*Bhicagonow*Blassmates*Fquest*Bn.ushiBo.pocketDtCcolog-nifty*Cm.51EallnursesHrecipesFncestryGdroidcentral.forumsGswers.wikiFol.lifestreamFrtstationFsmallworldEblackcareernetworkGogIgangJer.draftIsEcanalblogGreFheggFrackberry.forumsEdeluxeEepicuriousFverforoEfacebook.appsNbusinessNfreeNlOmNmOobileNtouchNwebGndomFeedspot.blogEgatherFeniGtpocketFoogle.groupsLmessagesLplusLsitesLurl.plusKgroupsFulliEhomeadvisor.proFrFubpagesM.discoverEibm.videoFmore.forumsFnstagram.lEjappyEkaboodleGkaocorpElinternaute.copainsdavantGve.spacesIdoorEmediumGnuismGssenger.lFixEnaver.blogO.mKcafeO.mKkinN.mFexopia.forumsEopera.myFver-blogIblogEqq.qzoneEreddit.ampLoldMutEshvoongFkype.webFmartnewsFsenseFtardollEtwooEurbanspoonFshareitEvkG.awayHmEwebosnation.forumsFikihowFootFpcentral.forumsEyahoo.answersKbookmarksKpulseFcombinator.newsFelp.mCzycot*Brunchyroll*Byworld*Ade.jappyDrtlDwer-weiss-wasCviantart*Bianping*Cgg*Cigo*Csqus*Bogster*Cl2day*Costang*Cpplr*Cuban*Brugs-forum*Bzone*Aedu.academiaBlftown*Bxtole*Afacebook*Eparty*Cnpop*Crk*BbBc2*BeedspotCministing*Bi.suomi24Clmaffinity*Blickr*Dpboard*Bm.blipDlastBolkdirect*Codservice*Ctki*Dolog*Cursquare*Br.unblogCiendfeed*Bubar*Agaiaonline*Cmerdna*Bd.isBl.gooCassboard*Fdoor*Bodtube*Cldstar*CoblogDdreads*Dgle+GplusCvloop*Cwalla*Br.zooAhabbo*CtenaBi5*Bootsuite*Cuzz*Cverspot*Bubculture*Aibibo*BgBmageshack*Cvu*Bn.lnkdDpinboardDyouroomCsanejournal*Dtagram*Fpaper*Ctherooms*Bo.cbntBt.scoopCalki*Ajammerdirect*Bp.amebaHloDco.yahoo.blogNookmarksMchiebukuroMmessagesDexblogDgreeDmbgaEixiDne.goo.blogKoshieteGhatena.bNdEicovideoDokwaveDyahoo-mbgaAkakao*Cneva*Ali.paperCbrarything*CneDkedin*Cstal*Eography*CvedoorblogEjournal*Bv.draugiemBy.bitAme.fbDlineDtDzalo.chatCetup*Cssenger*Bocospace*Cuthshut*Cvabletype*Bubi*Byheritage*Clife*Cmodernmet*Cspace*Anet.5chEcenterblogEgutefrageEhyvesEinterpalsFrc-galleriaEmeinvzGneameFyanimelistEpixivEresearchgateEslideshareFtudivzEtaringaDvibes*CwsshowcaseCxopiaBiconicoCghtlifelink*Cng*Bl.hyvesDpartyflockBo.biipEloggDvgAonstartups*Bpendiary*Brg.biswapEcaringbridgeFouchsurfingEdailystrengthEedublogsEfruehstueckstreffEinternationsEmeetinEngopostEoneworldgroupEslashdotEwikitravelFordpressAphotobucket*BinboardDgsta*DterestBl.goldenlineCurk*Bosterous*Aqapacity*Buechup*Cora*Aravelry*Beddit*Dux*Cnren*Cunion*Cverbnation*Bu.babyblogDodnoklassnikiDvkontakteByze*Asalespider*Bcreenrant*Dibd*Cvngr*Be.playaheadCcondlife*Crverfault*BhareitFthis*BkypeDrock*Bm.aweBnapchat*Bocialvibe*Bpoke*Cruz*Btackapps*Fexchange*Foverflow*Cickam*Buperuser*Bweeva*Atagged*Gmail*Clkbiznow*Bechmeme*Cncent*Biktok*Cnyurl*Boolbox*Bravellerspoint*Cipadvisor*Combi*Budou*Centi*Cmblr*Bv.crossBweetdeck*Citter*Bypepad*Aua.odnoklassnikiBk.co.yelpBs.imageshackAvampirefreaks*Hrave*Awakoopa*Cttpad*Bebshots*Cchat*Cebly*Cibo*Cread*Bhatsapp*Bordpress*Axanga*Bing*Ayammer*Belp*AzaloBooppa*'],
  ['video', 'Acom.hulu.helpEiqEjournaldunet.viadeoEnetflix.helpMjobsEvimeo.playerEyoutube.mNusicBrackle*Buriositystream*Adailymotion*Bisneyplus*Ahulu*Aiqiyi*Anet.wistia.fastDflix*Ated*Bube.dBv.justinDtwitchJ.blogKdashboardKidKmKplayerBwitchAutreon*Aveoh*Bimeo*Awistia*Ayouku*Dtube*'],
  ['shopping', 'Aalibaba*Bmazon*Bpp.shopBr.com.mercadolibreBu.com.ebayAcom.alibaba.mNessageMofferFmazon-adsystem.aaxX-us-eastKaws.s3Enaver.shoppingS.crV2TmUsearchEshopify.appsMcheckoutMpartnersFimplycodesFtripe.checkoutEwalmart.oneEyahoo.shoppingAde.ebayAebay*Btsy*Agoogle shoppingAigshoppingAjp.co.yahoo.shoppingU.orderVstoreAmercadolibre*Bx.com.mercadolibreAnet.shopping.nlOoNseNukAshopify*Ezilla*Btripe*Auk.co.amazonGebayAwalmart*'],
  // source-data:end
];

// Families the list spells out host by host, matched by pattern instead (smaller than 34 Yahoo
// and 35 Pinterest hosts): every `<country>.search.yahoo.com` and Pinterest's country domains.
// They also cover hosts of the family the list lacks (`xx.search.yahoo.com`, `pinterest.be`).
const FAMILIES: readonly (readonly [RegExp, SourceCategory])[] = [
  [/^[a-z]+\.search\.yahoo\.com$/, 'search'],
  [/^([a-z]{2}\.)?pinterest\.(com?\.)?[a-z]{2,3}$/, 'social'],
];

// Built on the first lookup, never at import; the table is derived from constant data and never
// changes, so sharing it between trackers shares no state.
let table: Map<string, SourceCategory> | undefined;

/**
 * Every name of the list spelled out (not the pattern families), decoded on first use.
 * @example
 * sourceTable().get('t.co'); // 'social'
 */
export function sourceTable(): ReadonlyMap<string, SourceCategory> {
  if (table) return table;
  table = new Map();
  for (const [category, data] of DATA) {
    let name = '';
    for (const token of data.split(/(?=[A-Z])/)) {
      name = name.slice(0, token.charCodeAt(0) - 65) + token.slice(1);
      const host = name.replace('*', '').split('.').reverse().join('.');
      table.set(host, category);
      if (name.endsWith('*')) table.set(`${host}.com`, category);
    }
  }
  return table;
}

/**
 * The category of a source value or referrer host: case-insensitive, a leading `www.` ignored.
 * @example
 * sourceCategory('www.YouTube.com'); // 'video'
 * sourceCategory('ig'); // 'social'
 * sourceCategory('example.com'); // undefined
 */
export function sourceCategory(source: string): SourceCategory | undefined {
  const name = String(source).toLowerCase().replace(/^www\./, '');
  return sourceTable().get(name) ?? FAMILIES.find(([pattern]) => pattern.test(name))?.[1];
}
