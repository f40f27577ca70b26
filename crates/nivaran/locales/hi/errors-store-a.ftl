# मास्टर डेटा, आयात या किसी एकीकरण का इनपुट अस्वीकार होने पर भंडार (store) क्या कहता है
# (store::import, store::master, store::bulk, store::filing, store::integrations, store)।

## store/import.rs: मास्टर डेटा की CSV फ़ाइलें (हर त्रुटि अपनी फ़ाइल और पंक्ति बताती है)।

store-import-unreadable = फ़ाइल पढ़ी नहीं जा सकी: { $detail }
store-import-bad-row = पंक्ति पढ़ी नहीं जा सकी: { $detail }
store-import-bad-flag = { $field }: true या false लिखें, '{ $value }' नहीं
store-import-empty = { $field } खाली है
store-import-synonyms-too-long = पर्यायवाची शब्द बहुत लंबे हैं: अधिकतम { $max } अक्षर लिखें
store-import-unknown-code = { $field } '{ $code }' मौजूद नहीं है
store-import-not-a-directory = यह फ़ोल्डर नहीं है
store-import-bad-role = भूमिका इनमें से एक हो: { $codes }
store-import-office-required = अधिकारियों और पर्यवेक्षकों के लिए office_code आवश्यक है
store-import-bad-jurisdiction-level = स्तर इनमें से एक हो: { $codes }
store-import-parent-required = { $level } के लिए ऊपर का क्षेत्र (parent_code) आवश्यक है
store-import-bad-parent-level = { $level } को { $parent } के नीचे नहीं रखा जा सकता
store-import-bad-coordinates = latitude और longitude साथ में, डिग्री में (-90 से 90, -180 से 180)
store-import-bad-office-level = स्तर 1, 2, 3 या 4 हो, '{ $value }' नहीं
store-import-office-own-parent = कोई कार्यालय स्वयं अपना ऊपरी कार्यालय नहीं हो सकता
store-import-bad-kind = प्रकार इनमें से एक हो: { $codes }
store-import-bad-deadline-days = समय-सीमा (कार्य दिवस) 1 से 365 के बीच पूर्ण संख्या हो, '{ $value }' नहीं
store-import-bad-category-parent = ऊपरी श्रेणी उसी विभाग की कोई दूसरी श्रेणी होनी चाहिए
store-import-category-of-other-department = यह श्रेणी किसी दूसरे विभाग की है
store-import-bad-date = तिथि YYYY-MM-DD रूप में लिखें, '{ $value }' नहीं

## store/master.rs: नियम जो पूरे मास्टर डेटा को मानने होते हैं।

store-master-no-nodal-office = { $level } { $name } ({ $code }) का कोई नोडल कार्यालय नहीं है, इसलिए वहां के जिन प्रकरणों का कार्यालय तय नहीं हो पाएगा, वे कहीं नहीं जा सकेंगे
store-master-many-nodal-offices = क्षेत्र { $code } के { $count } नोडल कार्यालय हैं; एक ही होना चाहिए
store-master-office-cycle = कार्यालय { $code } के ऊपरी कार्यालयों की कड़ी घूमकर फिर उसी पर लौट आती है
# दो या अधिक समस्याएं, एक के बाद एक।
store-master-problems = { $first }; { $rest }

## store/bulk.rs: पुरानी शिकायतें (JSON पंक्तियां)।

store-bulk-bad-time = { $field } RFC 3339 समय हो, जैसे 2024-05-01T10:30:00+05:30; '{ $value }' नहीं
store-bulk-bad-json = पंक्ति JSON के रूप में पढ़ी नहीं जा सकी: { $detail }
store-bulk-invalid-form = { $field }: { $detail }

## store/filing/written.rs: लिखे जाने से पहले जीवनचक्र से दोहराया गया प्रकरण।

store-filing-field-refused = { $field }: { $detail }
store-filing-refused = { $detail }
store-filing-no-jurisdiction = क्षेत्र: '{ $code }' कोड का कोई क्षेत्र नहीं है
store-filing-no-category = श्रेणी: '{ $code }' कोड की कोई श्रेणी नहीं है
store-filing-step-refused = { $action } ({ $at }): { $detail }
store-filing-no-nodal-office = इस स्थान के लिए कोई नोडल कार्यालय नहीं है
store-filing-event-out-of-order = events[{ $n }] अपने से पहले वाली घटना से भी पहले का है
store-filing-event-refused = events[{ $n }]: { $detail }
store-filing-event-step-refused = events[{ $n }] { $detail }

## store/integrations.rs: श्रेणी के प्रश्न, उनके उत्तर, कुंजियां और वेबहुक।

store-integrations-too-many-files = दर्ज करते समय अधिकतम { $max } फ़ाइलें संलग्न की जा सकती हैं
store-integrations-bad-question-code = प्रश्न का कोड 1 से 40 छोटे अंग्रेज़ी अक्षर, अंक या _ होना चाहिए
store-integrations-code-used-twice = कोड '{ $code }' दो बार है
store-integrations-bad-datatype = datatype इनमें से एक होना चाहिए: { $datatypes }
store-integrations-bad-question-length = प्रश्न 1 से 300 अक्षरों का होना चाहिए
store-integrations-choices-mismatch = सूची वाले प्रश्न के विकल्प चाहिए; अन्य प्रश्नों के नहीं
store-integrations-bad-choice = हर विकल्प की अपनी कुंजी (बिना अल्पविराम) और नाम होना चाहिए
store-integrations-answer-required = इस प्रश्न का उत्तर दें: { $question }
store-integrations-bad-answer = { $question }: { $problem }
store-integrations-give-number = संख्या दें
store-integrations-give-date = तारीख (YYYY-MM-DD) या समय सहित तारीख दें
store-integrations-choose-one = एक ही चुनें
store-integrations-not-a-choice = '{ $value }' विकल्पों में नहीं है
store-integrations-answer-too-long = अधिकतम { $limit } अक्षर
store-integrations-bad-key-name = एकीकरण का नाम दें (1 से 100 अक्षर)
store-integrations-bad-url = प्राप्तकर्ता का पता 500 अक्षरों तक का http(s) URL होना चाहिए
store-integrations-url-refused = प्राप्तकर्ता का पता स्वीकार्य नहीं: केवल सार्वजनिक इंटरनेट पते (http/https) मान्य हैं ({ $why })

## store/mod.rs: बैकअप।

store-mod-backup-sqlite-only = बैकअप केवल SQLite पर होता है; PostgreSQL के लिए pg_dump का उपयोग करें
store-replica-postgres-only = रीड रेप्लिका ([database] read_url) केवल PostgreSQL के साथ काम करती है: डेटाबेस और रेप्लिका दोनों PostgreSQL होने चाहिए
store-replica-not-a-standby = [database] read_url डेटाबेस का स्टैंडबाय (हॉट स्टैंडबाय) नहीं है: यह एक स्ट्रीमिंग रेप्लिका होनी चाहिए
store-mod-backup-exists = { $path } पहले से मौजूद है; कोई नई फ़ाइल चुनें
