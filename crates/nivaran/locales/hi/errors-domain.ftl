# डोमेन के नियम जब किसी कार्यवाही को अस्वीकार करते हैं।

## lifecycle/steps.rs

lifecycle-text-required = { $what ->
    [question] नागरिक से प्रश्न
    [clarification] स्पष्टीकरण
    [instructions] अधीनस्थ कार्यालय हेतु निर्देश
    [report] रिपोर्ट
    [transfer] स्थानांतरण का कारण
    [atr] की गई कार्यवाही की रिपोर्ट (एटीआर)
    [return-atr] एटीआर लौटाने का कारण
    [special-close] विशेष निस्तारण का कारण
    [disposal-remarks] निस्तारण टिप्पणी (अस्वीकृति हेतु कारण)
    [reopen] पुनः खोलने का कारण
    [audit-finding] लेखा परीक्षक का निष्कर्ष
    [appeal] अपील का आधार
    [reassignment] प्रकरण दूसरे अधिकारी को सौंपने का कारण
    [eta_change] वादा की गई तिथि बदलने का कारण
    [remark] टिप्पणी
    [joint-reason] विभाग जोड़ने का कारण
    [waiver] विभाग के भाग से छूट देने का कारण
    [reminder] स्मरण पत्र का पाठ
    [unlink] दोहराव का जोड़ हटाने का कारण
   *[other] { $field }
} आवश्यक है (कम से कम 5 अक्षर)
lifecycle-eta-in-past = निवारण की अनुमानित तिथि भूतकाल में नहीं हो सकती
lifecycle-eta-past-deadline = प्रकरण की समय-सीमा के बाद की तिथि के लिए कारण आवश्यक है (कम से कम 5 अक्षर)
lifecycle-same-eta = यही तिथि पहले से घोषित है
lifecycle-already-holder = प्रकरण पहले से इसी अधिकारी के पास है
lifecycle-not-subordinate = प्रकरण केवल अधीनस्थ कार्यालय को ही अग्रेषित किया जा सकता है
lifecycle-same-office = प्रकरण पहले से इसी कार्यालय के पास है
lifecycle-transfer-limit = किसी प्रकरण का स्थानांतरण अधिकतम { $max } बार हो सकता है; यह { $count } बार हो चुका है
lifecycle-parts-pending = { $count } संयुक्त विभाग(गों) की एटीआर अभी प्राप्त नहीं हुई है; प्रत्येक भाग की एटीआर आने या पर्यवेक्षक द्वारा छूट दिए जाने पर ही प्रकरण निस्तारित होगा
lifecycle-already-joint = यह विभाग पहले से इस प्रकरण का संयुक्त विभाग है
lifecycle-special-close-not-approved = विशेष निस्तारण के लिए पहले पर्यवेक्षक का अनुमोदन आवश्यक है
lifecycle-citizen-satisfied = नागरिक ने संतुष्टि दर्ज की है, इसलिए प्रकरण पुनः नहीं खोला जा सकता
lifecycle-already-appealed = इस प्रकरण पर पहले ही अपील की जा चुकी है
lifecycle-not-verified = निस्तारित प्रकरण तभी बंद होता है जब नागरिक संतुष्ट या असंपर्कित दर्ज हो, या 30 दिन की अवधि बीत जाए
lifecycle-at-highest-level = प्रकरण पहले से उच्चतम स्तर (L4) पर है
lifecycle-auto-escalation-stops = स्वचालित रूप से केवल L3 तक भेजा जाता है; L4 पर हाथ से भेजें
lifecycle-no-higher-office = उच्च स्तर पर कोई कार्यालय नहीं है
lifecycle-unknown-office = ऐसा कोई कार्यालय नहीं है
lifecycle-window-over = प्रकरण निस्तारण के { $days } दिन के भीतर ही { $what ->
    [reopened] पुनः खोला
   *[appealed] अपील किया
} जा सकता है

## grievance.rs

grievance-too-many-joint = एक शिकायत में अधिकतम { $max } संयुक्त विभाग बताए जा सकते हैं
grievance-invalid-kind = प्रकार इनमें से एक होना चाहिए: { $codes }
grievance-invalid-channel = माध्यम इनमें से एक होना चाहिए: { $codes }
grievance-external-system = बाहरी प्रणाली इनमें से एक होनी चाहिए: { $choices }
grievance-external-reference = बाहरी संदर्भ वही संख्या है जो दूसरी प्रणाली लिखती है: केवल अक्षर, अंक और / - _ ., अधिकतम 60 वर्ण
grievance-invalid-priority = प्राथमिकता इनमें से एक होनी चाहिए: { $codes }
grievance-invalid-language = भाषा hi या en होनी चाहिए
