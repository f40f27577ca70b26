# त्रुटि संदेश, हिंदी में। हर स्थिर कोड (nivaran_domain::ErrorCode) का सामान्य संदेश `error-<code>`
# के रूप में यहां है; त्रुटि जहां पाई जाती है वहां बनने वाले संदेश पास की errors-*.ftl फ़ाइलों में हैं।

## हर कोड का सामान्य संदेश।

error-address_refused = यह पता नेटवर्क के भीतर का है और उपयोग नहीं किया जा सकता
error-already_appealed = इस प्रकरण पर पहले ही अपील की जा चुकी है
error-already_decided = इस पर पहले ही निर्णय हो चुका है
error-already_holder = प्रकरण पहले से इसी अधिकारी के पास है
error-already_joint = यह विभाग पहले से इस प्रकरण पर है
error-appeal_window_over = अपील की समय-सीमा समाप्त हो गई है
error-bad_credentials = उपयोगकर्ता नाम या पासवर्ड गलत है
error-body_too_large = अनुरोध बहुत बड़ा है
error-citizen_satisfied = नागरिक निस्तारण से संतुष्ट था
error-common_password = यह पासवर्ड बहुत आम है; कोई दूसरा चुनें
error-conflict = इसे किसी और ने पहले बदल दिया; पुनः लोड करके फिर प्रयास करें
error-csrf = इस फ़ॉर्म की अवधि समाप्त हो गई; पृष्ठ पुनः लोड करके फिर प्रयास करें
error-database_unavailable = सेवा डेटाबेस तक नहीं पहुंच सकी; कुछ भी सहेजा नहीं गया। थोड़ी देर में पुनः प्रयास करें।
error-duplicate = यह मान पहले से उपयोग में है
error-empty = फ़ाइल खाली है
error-escalation_limit = इस प्रकरण को और आगे नहीं बढ़ाया जा सकता
error-eta_in_past = अपेक्षित तिथि बीती हुई नहीं हो सकती
error-file_missing = यह दस्तावेज़ रिकॉर्ड में है, पर इसकी फ़ाइल भंडार में नहीं मिली। प्रशासक को इसे बैकअप से वापस लाना होगा।
error-filing_limit = इस मोबाइल नंबर से इस माह बहुत अधिक शिकायतें
error-forbidden = आप यह नहीं कर सकते
error-idempotency_key_reused = यह Idempotency-Key किसी दूसरे अनुरोध के लिए उपयोग हो चुकी है
error-illegal_transition = प्रकरण की स्थिति में यह कार्यवाही नहीं की जा सकती
error-import_error = फ़ाइल की एक पंक्ति गलत है; कुछ भी आयात नहीं हुआ
error-invalid_answer = यह उत्तर मान्य नहीं है
error-invalid_body = अनुरोध का मुख्य भाग पढ़ा नहीं जा सका
error-invalid_choice = दिए गए विकल्पों में से एक चुनें
error-invalid_choices = दिए गए विकल्प मान्य नहीं हैं
error-invalid_code = कोड मान्य नहीं है
error-invalid_date = मान्य तिथि दर्ज करें
error-invalid_email = मान्य ईमेल पता दर्ज करें, जैसे name@example.in
error-invalid_form = फ़ॉर्म में इस कार्यवाही के लिए आवश्यक जानकारी नहीं है
error-invalid_idempotency_key = Idempotency-Key मान्य नहीं है
error-invalid_length = लंबाई मान्य नहीं है
error-invalid_mobile = 6, 7, 8 या 9 से शुरू होने वाला 10 अंकों का भारतीय मोबाइल नंबर दर्ज करें
error-invalid_number = मान्य संख्या दर्ज करें
error-invalid_otp = वन-टाइम पासवर्ड मान्य नहीं है
error-invalid_request = अनुरोध मान्य नहीं है
error-invalid_token = टोकन अज्ञात, समाप्त या रद्द है
error-invalid_upload = अपलोड पढ़ा नहीं जा सका
error-invalid_url = मान्य वेब पता दर्ज करें
error-invalid_username = उपयोगकर्ता नाम मान्य नहीं है
error-login_throttled = बहुत अधिक साइन-इन प्रयास; बाद में पुनः प्रयास करें
error-misconfigured = सेवा का विन्यास अधूरा है (एक संदेश टेम्पलेट नहीं है); कुछ भी सहेजा नहीं गया। प्रशासक को सूचित किया गया है।
error-no_appellate_office = इस प्रकरण के लिए कोई अपीलीय कार्यालय नहीं है
error-no_higher_office = इस प्रकरण को भेजने के लिए कोई उच्च कार्यालय नहीं है
error-no_letters = केवल चिह्न नहीं, अक्षर या अंक लिखें
error-no_office = आपके खाते का कोई कार्यालय नहीं है
error-no_route = इस स्थान पर इस श्रेणी को कोई कार्यालय नहीं देखता
error-not_awaiting_call = यह प्रकरण सत्यापन कॉल की प्रतीक्षा में नहीं है
error-not_found = नहीं मिला
error-not_of_the_office = वह अधिकारी प्रकरण वाले कार्यालय में कार्यरत नहीं है
error-not_subordinate = वह कार्यालय आपके अधीन नहीं है
error-not_verified = नागरिक का सत्यापन नहीं हुआ है
error-operator_only = यह केवल ऑपरेटर कर सकता है
error-out_of_range = मान सीमा से बाहर है
error-period_out_of_range = अवधि सीमा से बाहर है
error-period_reversed = अवधि शुरू होने से पहले समाप्त होती है
error-period_too_long = अवधि बहुत लंबी है
error-rate_limited = बहुत अधिक अनुरोध; बाद में पुनः प्रयास करें
error-reason_required = कारण आवश्यक है
error-reopen_window_over = पुनः खोलने की समय-सीमा समाप्त हो गई है
error-report_failed = रिपोर्ट नहीं बन सकी
error-request_timeout = अनुरोध पहुंचने में बहुत समय लगा
error-required = यह आवश्यक है
error-same_eta = यही तिथि पहले से घोषित है
error-same_office = प्रकरण पहले से उसी कार्यालय के पास है
error-shutting_down = सेवा पुनः आरंभ हो रही है; कुछ भी सहेजा नहीं गया। कुछ सेकंड बाद पुनः प्रयास करें।
error-special_close_not_approved = यह विशेष समापन स्वीकृत नहीं हुआ है
error-storage_unavailable = सेवा फ़ाइल सहेज नहीं सकी; पुनः प्रयास करें।
error-too_large = फ़ाइल बहुत बड़ी है
error-too_long = पाठ बहुत लंबा है
error-too_many_files = बहुत अधिक फ़ाइलें
error-too_many_marks = किसी अक्षर पर बहुत अधिक चिह्न हैं
error-too_short = पाठ बहुत छोटा है
error-transfer_limit = इस प्रकरण का बहुत बार स्थानांतरण हो चुका है
error-unauthorized = पहले साइन इन करें
error-unknown = ऐसा कोई कोड नहीं है
error-unknown_document = ऐसा कोई दस्तावेज़ नहीं है
error-unknown_office = ऐसा कोई कार्यालय नहीं है
error-unsupported = रिकॉर्ड के आंकड़ों से यह नहीं हो सकता
error-unsupported_media_type = JSON भेजें
error-unsupported_type = इस प्रकार की फ़ाइल स्वीकार नहीं है

## फ़ील्ड, जैसे व्यक्ति उन्हें पढ़ता है।

field-citizen_name = नाम
field-name = नाम
field-subject = विषय
field-description = विवरण
field-address = पता
field-reason = कारण
field-remarks = टिप्पणी
field-mobile = मोबाइल नंबर
field-email = ईमेल
field-latitude = अक्षांश
field-longitude = देशांतर
field-category = श्रेणी
field-jurisdiction = स्थान
field-place = स्थान
field-department = विभाग
field-office = कार्यालय
field-eta = अपेक्षित तिथि
field-password = पासवर्ड
field-new_password = नया पासवर्ड
field-current_password = वर्तमान पासवर्ड
field-username = उपयोगकर्ता नाम
field-role = भूमिका
field-file = फ़ाइल
field-regno = पंजीकरण संख्या
field-code = कोड
field-period = अवधि
field-from = आरंभ तिथि
field-to = अंतिम तिथि
field-district = ज़िला
field-channel = माध्यम
field-priority = प्राथमिकता
field-kind = प्रकार
field-special_close = विशेष निस्तारण
field-outcome = परिणाम
field-finding = निष्कर्ष
field-note = टिप्पणी
field-status = स्थिति
field-sort = क्रम
field-label = नाम
field-scope = दायरा
field-full_name = पूरा नाम
field-limit_override_reason = सीमा से अधिक दर्ज करने का कारण
field-documents = दस्तावेज़
field-metric = आंकड़ा
field-level = स्तर
field-by = विभाजन
field-key = कुंजी
field-action = कार्यवाही
field-lang = भाषा
field-parent = ऊपरी इकाई
field-answer = उत्तर
field-question = प्रश्न
field-text = पाठ
field-instructions = निर्देश
field-report = रिपोर्ट

## लोगों द्वारा लिखा गया पाठ।

field-required = { $field } आवश्यक है
text-too-long-to-store = { $field } सहेजने के लिए बहुत लंबा है ({ $bytes } बाइट); अधिकतम { $max } अक्षर लिखें
text-too-many-marks = { $field } के किसी अक्षर पर { $marks } से अधिक मात्राएं/चिह्न हैं
text-no-letters = { $field } में अक्षर या अंक होने चाहिए, केवल चिह्न या अदृश्य वर्ण नहीं
text-too-short = { $field } कम से कम { $min } अक्षर का होना चाहिए
text-too-long = { $field } अधिकतम { $max } अक्षर का हो सकता है (इसमें { $len } हैं)
text-invalid-mobile = 6, 7, 8 या 9 से शुरू होने वाला 10 अंकों का भारतीय मोबाइल नंबर दर्ज करें
text-invalid-email = मान्य ईमेल पता दर्ज करें, जैसे name@example.in
text-latitude-out-of-range = अक्षांश 6 से 38 डिग्री के बीच (भारत के भीतर) होना चाहिए
text-longitude-out-of-range = देशांतर 68 से 98 डिग्री के बीच (भारत के भीतर) होना चाहिए

## स्थिति जिसमें कार्यवाही नहीं हो सकती।

lifecycle-not-allowed = '{ $status }' स्थिति वाले प्रकरण पर '{ $action }' की कार्यवाही नहीं की जा सकती

## API के अपने इनकार।

api-sign-in-first = पहले साइन इन करें
api-role-may-not = आपकी भूमिका को यह अनुमति नहीं है
api-no-such = { $what ->
    [grievance] ऐसा कोई प्रकरण नहीं मिला
    [user] ऐसा कोई उपयोगकर्ता नहीं मिला
    [attachment] ऐसा कोई दस्तावेज़ नहीं मिला
    [token] ऐसा कोई टोकन नहीं मिला
    [page] ऐसा कोई पृष्ठ नहीं मिला
    [report] ऐसी कोई रिपोर्ट नहीं मिली
    [category] ऐसी कोई श्रेणी नहीं मिली
    [api-key] ऐसी कोई API कुंजी नहीं मिली
    [audit] ऐसी कोई जांच नहीं मिली
    [holiday] ऐसा कोई अवकाश नहीं मिला
    [message] ऐसा कोई संदेश नहीं मिला
    [routing-rule] ऐसा कोई मार्ग नियम नहीं मिला
    [meeting] ऐसी कोई समीक्षा बैठक नहीं मिली
    [direction] ऐसा कोई निर्देश नहीं मिला
    [disciplinary-record] ऐसा कोई अनुशासनात्मक अभिलेख नहीं मिला
    [candidate] ऐसा कोई संभावित दोहराव नहीं मिला
    [post] ऐसी कोई सोशल मीडिया पोस्ट नहीं मिली
   *[other] ऐसा कोई संसाधन नहीं मिला
}
api-may-not-on-case = आप इस प्रकरण पर यह कार्यवाही नहीं कर सकते
api-conflict = इस प्रकरण को किसी और ने पहले बदल दिया (अब संस्करण { $current })। पुनः लोड करके फिर प्रयास करें; आपका कोई बदलाव सहेजा नहीं गया।
api-duplicate = { $field } पहले से उपयोग में है
api-bad-credentials = उपयोगकर्ता नाम या पासवर्ड गलत है
api-login-throttled = यहां से इस खाते के लिए बहुत अधिक साइन-इन प्रयास; { $seconds } सेकंड बाद पुनः प्रयास करें
api-import-row = { $file } पंक्ति { $line }: { $detail }
store-failed-before = यही अनुरोध अभी विफल हुआ: { $detail }
error-no_part = इस प्रकरण में उस विभाग का कोई भाग नहीं है
error-own_department = यह प्रकरण का अपना विभाग है
error-parts_pending = किसी संयुक्त विभाग की एटीआर अभी प्राप्त नहीं हुई है
