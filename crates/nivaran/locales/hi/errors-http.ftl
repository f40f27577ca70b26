# HTTP परत के अपने इनकार, हिंदी में (crates/nivaran/src/http)।

## http/mod.rs

http-mod-no-endpoint = ऐसा कोई एपीआई पता नहीं है

## http/extract.rs

http-extract-bad-field = अनुरोध में '{ $name }' गलत या अनुपस्थित है
http-extract-bad-format = अनुरोध का प्रारूप गलत है
http-extract-body-timeout = अनुरोध का पूरा भाग समय पर नहीं पहुंचा; फिर से भेजें
http-extract-body-too-large = अनुरोध बहुत बड़ा है
http-extract-body-unreadable = अनुरोध पूरा पढ़ा नहीं जा सका
http-extract-upload-unreadable = फ़ॉर्म या फ़ाइल पढ़ी नहीं जा सकी; फ़ाइलें 10 MB से छोटी हों
http-extract-form-malformed = फ़ॉर्म सही नहीं है
http-extract-send-json = अनुरोध JSON रूप में 'Content-Type: application/json' के साथ भेजें
http-extract-token-invalid = टोकन अमान्य या समाप्त है; फिर से साइन इन करें

## http/auth.rs

http-auth-mobile-taken = इस मोबाइल नंबर से खाता पहले से है: साइन इन करें, या वन-टाइम पासवर्ड से नया पासवर्ड बनाएं

## http/grievances.rs

http-grievances-not-a-number = { $field } एक संख्या होनी चाहिए
http-grievances-send-file = दस्तावेज़ 'file' नाम के मल्टीपार्ट फ़ील्ड में भेजें

## http/master.rs

http-master-no-jurisdiction = '{ $code }' कोड का कोई क्षेत्र नहीं है
http-master-no-department = '{ $code }' कोड का कोई विभाग नहीं है
http-suggest-text-empty = सुझाव पाने के लिए शिकायत के बारे में कुछ शब्द लिखें
http-suggest-text-too-long = पाठ { $max } अक्षरों से लंबा है
http-suggest-most-invalid = most 1 से { $max } तक की कोई संख्या होनी चाहिए

## http/admin.rs

http-admin-role-invalid = भूमिका इनमें से एक हो: { $roles }
http-admin-delivery-token-invalid = अमान्य टोकन

## http/open311/mod.rs

http-open311-jurisdiction-not-found = jurisdiction_id '{ $code }' नहीं मिला
http-open311-format-suffix = पथ के अंत में प्रारूप बताएं: .xml या .json
http-open311-method-not-allowed = यह संसाधन यह विधि स्वीकार नहीं करता
http-open311-no-such-resource = ऐसा कोई Open311 संसाधन नहीं है: discovery.xml देखें

## http/open311/filing.rs (service-code-not-found services.rs में भी, api-key-invalid reading.rs में भी)

http-open311-body-unreadable = अनुरोध का मुख्य भाग पढ़ा नहीं जा सका
http-open311-api-key-required = अनुरोध दर्ज करने के लिए api_key आवश्यक है
http-open311-api-key-invalid = api_key मान्य नहीं है (अज्ञात या रद्द)
http-open311-service-code-required = service_code आवश्यक है
http-open311-service-code-not-found = service_code '{ $code }' नहीं मिला
http-open311-not-a-number = { $name } एक संख्या होनी चाहिए
http-open311-lat-long-together = lat और long साथ भेजें
http-open311-location-required = स्थान आवश्यक है: lat और long, address_string या address_id
http-open311-description-required = description आवश्यक है: समस्या बताएं
http-open311-description-too-long = description अधिकतम 4,000 अक्षर का हो सकता है
http-open311-media-url-invalid = media_url 500 अक्षरों तक का http(s) पता होना चाहिए
http-open311-no-jurisdictions = अभी कोई क्षेत्र स्थापित नहीं है

## http/open311/reading.rs

http-open311-date-invalid = { $name } समय-क्षेत्र सहित W3C तारीख-समय हो, जैसे 2026-11-01T00:00:00+05:30
http-open311-end-before-start = end_date, start_date से पहले है
http-open311-span-too-long = start_date और end_date के बीच { $days } दिन से अधिक नहीं हो सकते
http-open311-status-invalid = status open, closed या दोनों (अल्पविराम से) हो
http-open311-whole-number = { $name } 0 से { $max } तक की पूर्ण संख्या हो
http-open311-request-not-found = service_request_id '{ $id }' नहीं मिला
http-open311-token-not-found = token '{ $token }' नहीं मिला
http-social-not-configured = यह प्लेटफ़ॉर्म जुड़ा नहीं है: इसकी सेटिंग विन्यास में नहीं है
http-social-signature = X-Hub-Signature-256 हेडर नहीं है या सामग्री से मेल नहीं खाता
http-social-verify-token = सत्यापन टोकन विन्यास से मेल नहीं खाता
http-social-malformed = यह प्लेटफ़ॉर्म के भेजे प्रारूप में नहीं है: { $detail }
http-telephony-not-configured = हेल्पलाइन की टेलीफ़ोनी जुड़ी नहीं है: विन्यास के [telephony] में टोकन नहीं है
http-telephony-token = टोकन नहीं है या गलत है
http-metrics-token = मेट्रिक्स का टोकन नहीं है या गलत है: इसे "Authorization: Bearer TOKEN" के रूप में भेजें
http-telephony-lang = lang hi या en होनी चाहिए, '{ $value }' नहीं
http-telephony-digits = digits में कॉल करने वाले द्वारा दबाई गई पंजीकरण संख्या या मोबाइल नंबर होना चाहिए
