# What the pages (web), the command line and the worker tell the person, in Hindi. Each
# section is the source file that makes the messages; en/errors-web.ftl has the same ids in the
# same order.

## web/forms.rs

web-forms-unreadable = फ़ॉर्म पढ़ा नहीं जा सका
web-forms-unknown-parameter = यह पृष्ठ '{ $name }' पैरामीटर नहीं जानता; यह ये लेता है: { $known }

## web/mod.rs

web-mod-csrf-refused = यह फ़ॉर्म पुराना हो गया है या इस साइट से नहीं आया। वापस जाकर पृष्ठ पुनः लोड करें और फिर से भेजें।
web-mod-form-too-large = फ़ॉर्म बहुत बड़ा है

## web/ctx.rs

web-ctx-session-ended = आपका सत्र समाप्त हो गया; फिर से साइन इन करें

## web/admin/users.rs

web-users-choose-role = भूमिका चुनें

## web/reports.rs

web-reports-language = रिपोर्ट की भाषा hi या en है
web-reports-failed = रिपोर्ट नहीं बन सकी; कृपया फिर प्रयास करें

## web/cases.rs

web-cases-unknown-action = '{ $action }' कोई कार्यवाही नहीं है
web-cases-form-incomplete = '{ $action }' का फ़ॉर्म अधूरा है
web-cases-choose-file = अपलोड के लिए फ़ाइल चुनें

## web/inbox.rs

web-inbox-tick-cases = जिन प्रकरणों पर कार्यवाही करनी है उन्हें चुनें
web-inbox-no-office = आपका खाता किसी कार्यालय से जुड़ा नहीं है; प्रशासक से संपर्क करें

## web/dashboard/mod.rs

web-dashboard-breakdown = पंक्तियां विभाग, श्रेणी, जिला, कार्यालय, पोर्टल (channel), प्राथमिकता प्रकोष्ठ (cell) या प्रकार के अनुसार हो सकती हैं: { $codes }
web-dashboard-unknown-key = '{ $code }' कोड की कोई पंक्ति नहीं है

## web/dashboard/cases.rs

web-dashboard-cases-metric = metric इनमें से एक होना चाहिए: { $codes }

## web/dashboard/rankings.rs

web-rankings-level = रैंकिंग जिलों, कार्यालयों या अधिकारियों की होती है

## web/mod.rs and web/assets.rs (no reader's language known: said in both)

web-mod-page-failed = पृष्ठ नहीं दिखाया जा सका
web-assets-no-such-file = ऐसी कोई फ़ाइल नहीं

## web/monitoring.rs

web-monitoring-unknown-district = '{ $code }' कोड का कोई जिला नहीं है
web-monitoring-bad-page = पृष्ठ 1 या उससे बड़ी पूर्ण संख्या होनी चाहिए
web-monitoring-unknown-queue = ऐसा कोई जिला या विभाग नहीं है: '{ $code }'

## web/reviews.rs

web-reviews-bad-person = उपस्थिति में अज्ञात व्यक्ति
web-reviews-bad-presence = उपस्थिति present, absent या deputy होनी चाहिए
web-reviews-owner-outside = निर्देश बैठक के क्षेत्र के किसी कार्यालय (और उसी या उसके अधीनस्थ कार्यालय के अधिकारी) को ही दिया जा सकता है
