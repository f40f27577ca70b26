# भंडारण परत (store/*) जब किसी अनुरोध को अस्वीकार करती है। `$field` स्क्रीन पर फ़ील्ड का नाम है।

## store/grievances/act.rs

store-act-eta-required = प्रकरण स्वीकार करते समय वह तिथि बताएं जब तक आप उसका निवारण करेंगे
store-act-eta-reason = प्रकरण की समय-सीमा के बाद की तिथि के लिए कारण आवश्यक है (कम से कम 5 अक्षर)
store-act-no-officer = '{ $officer }' उपयोगकर्ता नाम का कोई अधिकारी नहीं है
store-act-not-of-the-office = { $officer } प्रकरण वाले कार्यालय के सक्रिय अधिकारी नहीं हैं

## store/reviews.rs

store-reviews-bad-date = { $field } एक तिथि (YYYY-MM-DD) होनी चाहिए
store-reviews-target-before-meeting = लक्ष्य तिथि बैठक से पहले की नहीं हो सकती
store-reviews-bad-days = दिनों की संख्या 0 से 3650 के बीच होनी चाहिए
store-reviews-bad-outcome = परिणाम met (पूर्ण), partly (आंशिक) या missed (चूका) होना चाहिए

## store/admin.rs

store-admin-no-office = कोड { $code } का कोई कार्यालय नहीं है
store-admin-office-required = अधिकारी और पर्यवेक्षक किसी कार्यालय से जुड़े होने चाहिए
store-admin-no-jurisdiction = कोड { $code } का कोई क्षेत्र नहीं है
store-admin-no-user = '{ $username }' नाम का कोई उपयोगकर्ता नहीं है
store-admin-label-required = लेबल आवश्यक है: बताएं कि टोकन किस एकीकरण के लिए है

## store/attachments.rs

store-attachments-empty = फ़ाइल खाली है
store-attachments-too-large = फ़ाइल { $mb } MB से बड़ी है
store-attachments-unsupported-type = केवल PDF, JPEG, PNG और WebP फ़ाइलें संलग्न की जा सकती हैं

## store/grievances/list.rs

store-grievances-bad-sort = क्रम due, filed, -filed, recent या relevance होना चाहिए
store-grievances-bad-holder = holder में me (आपके पास के प्रकरण) या none (जो अभी किसी अधिकारी को नहीं सौंपे गए) होना चाहिए, '{ $value }' नहीं
store-grievances-bad-status = स्थिति मान्य नहीं है: 'open' या कोई मान्य स्थिति लिखें

## store/grievances/mod.rs

store-grievances-bad-date = { $field } तिथि YYYY-MM-DD रूप में लिखें
store-grievances-unknown-code = { $field }: '{ $code }' कोड मौजूद नहीं है
store-grievances-channel-operator-only = वेब पोर्टल के अलावा अन्य माध्यम से केवल ऑपरेटर दर्ज कर सकते हैं
store-grievances-joint-operator-only = शिकायत दर्ज करते समय संयुक्त विभाग केवल ऑपरेटर बता सकता है; बाद में प्रकरण लेने वाला कार्यालय उन्हें जोड़ता है
store-grievances-external-operator-only = शिकायत दर्ज करते समय दूसरी प्रणाली का संदर्भ केवल ऑपरेटर या एकीकरण दर्ज कर सकता है
store-grievances-override-operator-only = मासिक सीमा से अधिक केवल ऑपरेटर दर्ज कर सकते हैं

## store/idempotency.rs

store-idempotency-bad-key = Idempotency-Key हेडर 1 से 255 दृश्य ASCII अक्षरों का हो (जैसे UUID)
store-idempotency-key-reused = यह Idempotency-Key किसी अन्य शिकायत के लिए उपयोग हो चुकी है; नई शिकायत के लिए नई कुंजी दें

## store/limits.rs

store-limits-too-many-requests = बहुत अधिक अनुरोध। कृपया { $minutes } मिनट बाद पुनः प्रयास करें।
store-limits-filing-limit = इस मोबाइल नंबर से इस माह { $filed } शिकायतें दर्ज हो चुकी हैं, जो अधिकतम सीमा ({ $limit }) है। पिछली शिकायतों की स्थिति देखें, या आवश्यक हो तो 181 हेल्पलाइन पर कॉल करें।
store-limits-operator-may-override = { $detail } ऑपरेटर के रूप में आप limit_override_reason देकर दर्ज कर सकते हैं।

## store/monitoring.rs

store-monitoring-bad-outcome = संतुष्ट, असंतुष्ट या उत्तर नहीं में से चुनें
store-monitoring-not-awaiting-call = यह प्रकरण सत्यापन कॉल की प्रतीक्षा में नहीं है
store-monitoring-bad-finding = वास्तविक, फर्जी निस्तारण या टालमटोल में से चुनें
store-monitoring-note-required = लेखा परीक्षा में क्या पाया गया, लिखें
store-monitoring-already-decided = इस लेखा परीक्षा का निष्कर्ष पहले ही दर्ज है
store-monitoring-open-not-disposed = यह प्रकरण अभी खुला है: सही कार्य या लंबित रखना चुनें

## store/otp.rs

store-otp-expired = यह वन-टाइम पासवर्ड समाप्त हो गया है या भेजा नहीं गया; नया मंगाएं
store-otp-no-tries-left = इस वन-टाइम पासवर्ड के प्रयास समाप्त हो गए; नया मंगाएं
store-otp-wrong-none-left = गलत वन-टाइम पासवर्ड, और कोई प्रयास शेष नहीं; नया मंगाएं
store-otp-wrong = गलत वन-टाइम पासवर्ड; { $left } प्रयास शेष
store-otp-already-used = यह वन-टाइम पासवर्ड पहले ही उपयोग हो चुका है
store-otp-staff-number = यह नंबर एक कर्मचारी खाते का है, जो अपने उपयोगकर्ता नाम और पासवर्ड से साइन इन करता है
store-otp-cannot-sign-in = इस नंबर से वन-टाइम पासवर्ड द्वारा साइन इन नहीं हो सकता

## store/outbox.rs

store-outbox-bad-status = स्थिति pending, failed, sent, dead या rejected होनी चाहिए

## store/passwords.rs

store-passwords-hashing-failed = पासवर्ड हैश करना विफल रहा: { $detail }
store-passwords-too-short = पासवर्ड कम से कम { $min } अक्षर का होना चाहिए
store-passwords-common = यह पासवर्ड बहुत आम है और आसानी से अनुमान लगाया जा सकता है; कोई दूसरा चुनें

## store/requests.rs

store-requests-no-office = '{ $code }' कोड का कोई कार्यालय नहीं है
store-requests-bad-choice = { $field } इनमें से एक होना चाहिए: { $choices }
store-requests-bad-eta = अनुमानित तिथि YYYY-MM-DD रूप में लिखें
store-requests-no-department = '{ $code }' कोड का कोई विभाग नहीं है
store-requests-unknown-document = दस्तावेज़ { $document } इस प्रकरण पर अपलोड नहीं हुआ है
store-requests-no-appellate-office = निस्तारण करने वाले कार्यालय के ऊपर कोई कार्यालय नहीं है; अपीलीय कार्यालय बताएं

## store/stats/period.rs

store-stats-period-reversed = अवधि का अंत उसके आरंभ के दिन या उसके बाद होना चाहिए
store-stats-period-out-of-range = वर्ष 2000 से अगले वर्ष के बीच की अवधि चुनें
store-stats-period-too-long = अधिकतम तीन वर्ष की अवधि चुनें

## store/stats/scope.rs

store-stats-unknown-scope = '{ $scope }' कोई ज्ञात स्थान, कार्यालय या अधिकारी नहीं है

## store/users.rs

store-users-bad-username = उपयोगकर्ता नाम में 3 से 64 अक्षर हों: छोटे अंग्रेज़ी अक्षर, अंक, बिंदु, डैश और अंडरस्कोर
store-users-no-office = कोड { $code } का कोई कार्यालय नहीं है
store-users-office-required = अधिकारी और पर्यवेक्षक किसी कार्यालय से जुड़े होने चाहिए
store-users-no-jurisdiction = कोड { $code } का कोई क्षेत्र नहीं है
store-discipline-not-under-you = { $officer } आपके कार्यालय या उसके अधीन किसी कार्यालय के अधिकारी नहीं हैं
store-discipline-no-case = { $number } संख्या की कोई शिकायत नहीं है
store-discipline-too-many-cases = अधिकतम { $max } प्रकरण लिखें
store-discipline-closed = यह अभिलेख बंद है: इसका परिणाम दर्ज हो चुका है
store-discipline-bad-kind = चेतावनी, कारण बताओ नोटिस, उत्तर, आरोप-पत्र या परिणाम चुनें
store-discipline-future-date = तिथि भविष्य की नहीं हो सकती
store-discipline-reply-needs-notice = उत्तर कारण बताओ नोटिस या आरोप-पत्र का होता है: पहले वह दर्ज करें
store-discipline-bad-outcome = परिणाम चुनें: दोषमुक्त, परिनिंदा, लघु दंड या दीर्घ दंड
store-discipline-outcome-on-outcome-step = परिणाम "परिणाम" चरण के साथ दर्ज होता है: वह चरण चुनें, या परिणाम खाली छोड़ें

## store/suggest.rs
suggest-model-damaged = श्रेणी-सुझाव का संग्रहीत मॉडल पढ़ा नहीं जा सकता; इसे `nivaran suggest train` से फिर प्रशिक्षित करें
store-parts-own-department = प्रकरण का अपना विभाग संयुक्त विभाग के रूप में नहीं जोड़ा जा सकता
store-parts-no-office = इस प्रकरण के स्थान के लिए विभाग '{ $department }' का कोई कार्यालय नहीं है (कोई रूटिंग नियम नहीं); मास्टर डेटा में जोड़ें
store-parts-no-part = इस प्रकरण में विभाग '{ $department }' का कोई भाग नहीं है
store-duplicates-no-original = { $number } क्रमांक की कोई शिकायत नहीं है
store-duplicates-itself = कोई शिकायत स्वयं की दोहराव नहीं हो सकती
store-duplicates-original-is-duplicate = वह शिकायत स्वयं दोहराव के रूप में जुड़ी है; उसकी मूल शिकायत से जोड़ें
store-duplicates-original-disposed = वह शिकायत किसी अन्य नागरिक की है और निस्तारित हो चुकी है: यह अपनी अलग शिकायत है
store-duplicates-repeat-too-late = इसी नागरिक की शिकायत { $number } का निस्तारण इतने पहले हुआ कि उसे अब न फिर से खोला जा सकता है न उस पर अपील हो सकती है: यह याचिका नई शिकायत के रूप में चलेगी, पहली शिकायत उसके साथ दिखेगी
store-duplicates-not-open = यह शिकायत अब खुली नहीं है; नई शिकायत दर्ज करें
error-original_disposed = मूल शिकायत किसी अन्य नागरिक की है और निस्तारित हो चुकी है
store-exchange-bad-status = स्थिति filed या failed होनी चाहिए, '{ $value }' नहीं
store-social-bad-status = स्थिति new, asked, filed, linked या dismissed होनी चाहिए, '{ $value }' नहीं
store-social-bad-platform = '{ $value }' किसी प्लेटफ़ॉर्म का नाम नहीं है (छोटे अंग्रेज़ी अक्षर, अंक और _)
store-social-post-not-found = एसएमजीटी डेस्क की कतार में ऐसी कोई पोस्ट नहीं है
store-social-post-triaged = इस पोस्ट पर पहले ही कार्रवाई हो चुकी है
store-social-case-not-found = { $number } संख्या का कोई मामला नहीं है
store-social-reason-required = पोस्ट को खारिज करने का कारण लिखें (5 से 500 अक्षर)
store-social-operators-only = सोशल मीडिया पोस्ट से मामला केवल ऑपरेटर दर्ज करता है
store-calls-linked = यह कॉल पहले से किसी अन्य मामले की है
store-calls-not-found = हेल्पलाइन के अभिलेख में ऐसी कोई कॉल नहीं है
store-calls-operators-only = हेल्पलाइन कॉल के दौरान मामला केवल ऑपरेटर दर्ज करता है
store-calls-not-callable = सत्यापन के लिए केवल नागरिक के मोबाइल नंबर वाले निस्तारित मामले पर कॉल होती है
store-calls-verifier-no-phone = आपके खाते में मोबाइल नंबर नहीं है जिस पर कॉल पहले आए; व्यवस्थापक से जुड़वाएं
