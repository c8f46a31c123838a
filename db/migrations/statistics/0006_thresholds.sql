-- The national thresholds of the 四上 register (统计上规模以上单位标准) as dated versions: 万元 of annual revenue or
-- main business revenue, a contracting qualification, or every enterprise of the industry. Later versions are added
-- with setScaleThreshold.
INSERT INTO "statistics"."scale_thresholds" ("category", "industry_prefix", "measure", "minimum", "valid_from", "basis", "set_by") VALUES
  ('INDUSTRY', 'B', 'MAIN_BUSINESS_REVENUE', 500, '2007-01-01', '规模以上工业：年主营业务收入500万元及以上（2007—2010年）', 'migration'),
  ('INDUSTRY', 'B', 'MAIN_BUSINESS_REVENUE', 2000, '2011-01-01', '规模以上工业：年主营业务收入2000万元及以上（2011年起）', 'migration'),
  ('INDUSTRY', 'C', 'MAIN_BUSINESS_REVENUE', 500, '2007-01-01', '规模以上工业：年主营业务收入500万元及以上（2007—2010年）', 'migration'),
  ('INDUSTRY', 'C', 'MAIN_BUSINESS_REVENUE', 2000, '2011-01-01', '规模以上工业：年主营业务收入2000万元及以上（2011年起）', 'migration'),
  ('INDUSTRY', 'D', 'MAIN_BUSINESS_REVENUE', 500, '2007-01-01', '规模以上工业：年主营业务收入500万元及以上（2007—2010年）', 'migration'),
  ('INDUSTRY', 'D', 'MAIN_BUSINESS_REVENUE', 2000, '2011-01-01', '规模以上工业：年主营业务收入2000万元及以上（2011年起）', 'migration'),
  ('CONSTRUCTION', 'E', 'QUALIFICATION', NULL, '2011-01-01', '资质等级建筑业：有总承包或专业承包资质的建筑业企业', 'migration'),
  ('WHOLESALE_RETAIL', 'F51', 'REVENUE', 2000, '2011-01-01', '限额以上批发业：年主营业务收入2000万元及以上', 'migration'),
  ('WHOLESALE_RETAIL', 'F52', 'REVENUE', 500, '2011-01-01', '限额以上零售业：年主营业务收入500万元及以上', 'migration'),
  ('ACCOMMODATION_CATERING', 'H', 'REVENUE', 200, '2011-01-01', '限额以上住宿和餐饮业：年主营业务收入200万元及以上', 'migration'),
  ('REAL_ESTATE', 'K701', 'ALL', NULL, '2011-01-01', '房地产开发经营业：全部房地产开发经营企业', 'migration'),
  ('SERVICES', 'G', 'REVENUE', 2000, '2011-01-01', '规模以上服务业：交通运输、仓储和邮政业年营业收入2000万元及以上', 'migration'),
  ('SERVICES', 'I', 'REVENUE', 2000, '2011-01-01', '规模以上服务业：信息传输、软件和信息技术服务业年营业收入2000万元及以上', 'migration'),
  ('SERVICES', 'N', 'REVENUE', 2000, '2011-01-01', '规模以上服务业：水利、环境和公共设施管理业年营业收入2000万元及以上', 'migration'),
  ('SERVICES', 'L', 'REVENUE', 1000, '2011-01-01', '规模以上服务业：租赁和商务服务业年营业收入1000万元及以上', 'migration'),
  ('SERVICES', 'M', 'REVENUE', 1000, '2011-01-01', '规模以上服务业：科学研究和技术服务业年营业收入1000万元及以上', 'migration'),
  ('SERVICES', 'P', 'REVENUE', 1000, '2011-01-01', '规模以上服务业：教育年营业收入1000万元及以上', 'migration'),
  ('SERVICES', 'K', 'REVENUE', 1000, '2011-01-01', '规模以上服务业：物业管理、房地产中介服务、房地产租赁经营和其他房地产业年营业收入1000万元及以上', 'migration'),
  ('SERVICES', 'O', 'REVENUE', 500, '2011-01-01', '规模以上服务业：居民服务、修理和其他服务业年营业收入500万元及以上', 'migration'),
  ('SERVICES', 'Q', 'REVENUE', 500, '2011-01-01', '规模以上服务业：卫生和社会工作年营业收入500万元及以上', 'migration'),
  ('SERVICES', 'R', 'REVENUE', 500, '2011-01-01', '规模以上服务业：文化、体育和娱乐业年营业收入500万元及以上', 'migration');
