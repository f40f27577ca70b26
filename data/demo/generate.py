#!/usr/bin/env python3
"""Generate the Nivaran demo master dataset (see docs/MASTER-DATA.md).

Standard library only; the output is deterministic.  Run from anywhere:

    python3 data/demo/generate.py            # write the CSV files next to this script, then validate
    python3 data/demo/generate.py --check    # only validate the CSV files already there

Notes on the data
-----------------
* District codes are Census-2011 district codes written state code + 3 digits (Rewari 06084,
  Jaipur 08110, Jodhpur 08113).  Districts created after 2011 have invented codes:
  Charkhi Dadri 06089 and the eight surviving 2023 Rajasthan districts 08132..08139.
* Codes below district level are invented, hierarchical and numeric:
  subdivision = district + 2 digits, block = subdivision + 2, municipality = subdivision + 9x,
  gram panchayat = block + 2, village = gram panchayat + 2, ward = municipality + 3.
* Lunar and Islamic holiday dates for 2026 and 2027 are computed by hand from new/full moon
  dates and may be off by a day from the notified lists.
"""

import csv
import datetime
import os
import random
import re
import sys
import unicodedata

OUT = os.path.dirname(os.path.abspath(__file__))

# --------------------------------------------------------------------------------------------
# Jurisdictions
# --------------------------------------------------------------------------------------------

STATES = [
    # code, abbreviation, English, Hindi
    ("06", "HR", "Haryana", "हरियाणा"),
    ("08", "RJ", "Rajasthan", "राजस्थान"),
]

# (3-digit district code, English, Hindi)
DISTRICTS = {
    "06": [
        ("068", "Panchkula", "पंचकूला"),
        ("069", "Ambala", "अंबाला"),
        ("070", "Yamunanagar", "यमुनानगर"),
        ("071", "Kurukshetra", "कुरुक्षेत्र"),
        ("072", "Kaithal", "कैथल"),
        ("073", "Karnal", "करनाल"),
        ("074", "Panipat", "पानीपत"),
        ("075", "Sonipat", "सोनीपत"),
        ("076", "Jind", "जींद"),
        ("077", "Fatehabad", "फतेहाबाद"),
        ("078", "Sirsa", "सिरसा"),
        ("079", "Hisar", "हिसार"),
        ("080", "Bhiwani", "भिवानी"),
        ("081", "Rohtak", "रोहतक"),
        ("082", "Jhajjar", "झज्जर"),
        ("083", "Mahendragarh", "महेंद्रगढ़"),
        ("084", "Rewari", "रेवाड़ी"),
        ("085", "Gurugram", "गुरुग्राम"),
        ("086", "Nuh", "नूंह"),
        ("087", "Faridabad", "फरीदाबाद"),
        ("088", "Palwal", "पलवल"),
        ("089", "Charkhi Dadri", "चरखी दादरी"),  # created 2016; invented code
    ],
    "08": [
        ("099", "Sri Ganganagar", "श्रीगंगानगर"),
        ("100", "Hanumangarh", "हनुमानगढ़"),
        ("101", "Bikaner", "बीकानेर"),
        ("102", "Churu", "चूरू"),
        ("103", "Jhunjhunu", "झुंझुनूं"),
        ("104", "Alwar", "अलवर"),
        ("105", "Bharatpur", "भरतपुर"),
        ("106", "Dholpur", "धौलपुर"),
        ("107", "Karauli", "करौली"),
        ("108", "Sawai Madhopur", "सवाई माधोपुर"),
        ("109", "Dausa", "दौसा"),
        ("110", "Jaipur", "जयपुर"),
        ("111", "Sikar", "सीकर"),
        ("112", "Nagaur", "नागौर"),
        ("113", "Jodhpur", "जोधपुर"),
        ("114", "Jaisalmer", "जैसलमेर"),
        ("115", "Barmer", "बाड़मेर"),
        ("116", "Jalore", "जालोर"),
        ("117", "Sirohi", "सिरोही"),
        ("118", "Pali", "पाली"),
        ("119", "Ajmer", "अजमेर"),
        ("120", "Tonk", "टोंक"),
        ("121", "Bundi", "बूंदी"),
        ("122", "Bhilwara", "भीलवाड़ा"),
        ("123", "Rajsamand", "राजसमंद"),
        ("124", "Dungarpur", "डूंगरपुर"),
        ("125", "Banswara", "बांसवाड़ा"),
        ("126", "Chittorgarh", "चित्तौड़गढ़"),
        ("127", "Kota", "कोटा"),
        ("128", "Baran", "बारां"),
        ("129", "Jhalawar", "झालावाड़"),
        ("130", "Udaipur", "उदयपुर"),
        ("131", "Pratapgarh", "प्रतापगढ़"),
        # 2023 districts that survived the December 2024 review; invented codes
        ("132", "Balotra", "बालोतरा"),
        ("133", "Beawar", "ब्यावर"),
        ("134", "Deeg", "डीग"),
        ("135", "Didwana-Kuchaman", "डीडवाना-कुचामन"),
        ("136", "Khairthal-Tijara", "खैरथल-तिजारा"),
        ("137", "Kotputli-Behror", "कोटपूतली-बहरोड़"),
        ("138", "Phalodi", "फलोदी"),
        ("139", "Salumbar", "सलूम्बर"),
    ],
}

# Police commissionerates (the district police head is a Commissioner of Police).
COMMISSIONERATES = {"Gurugram", "Faridabad", "Panchkula", "Sonipat", "Jaipur", "Jodhpur"}

# Districts worked down to subdivision / block / municipality / GP / village / ward.
# subdivision: (English, Hindi, [blocks], municipality or None)
# block: (English, Hindi, [gram panchayats]); gram panchayat: (English, Hindi, [villages])
# municipality: (town English, town Hindi, body English, body Hindi, number of wards)
WORKED = {
    "06084": [  # Rewari
        ("Rewari", "रेवाड़ी", [
            ("Rewari", "रेवाड़ी", [
                ("Gokalgarh", "गोकलगढ़", [("Gokalgarh", "गोकलगढ़")]),
                ("Lisana", "लिसाना", [("Lisana", "लिसाना")]),
                ("Bhadawas", "भाड़ावास", [("Bhadawas", "भाड़ावास")]),
            ]),
            ("Khol", "खोल", [
                ("Khol", "खोल", [("Khol", "खोल")]),
                ("Manethi", "मनेठी", [("Manethi", "मनेठी")]),
                ("Bhalkhi", "भालखी", [("Bhalkhi", "भालखी")]),
            ]),
            ("Dahina", "डहीना", []),
        ], ("Rewari", "रेवाड़ी", "Municipal Council Rewari", "नगर परिषद रेवाड़ी", 31)),
        ("Kosli", "कोसली", [
            ("Kosli", "कोसली", [
                ("Jhal", "झाल", [("Jhal", "झाल")]),
                ("Bhakli", "भाकली", [("Bhakli", "भाकली")]),
            ]),
            ("Nahar", "नाहड़", []),
            ("Jatusana", "जाटूसाना", []),
        ], None),
        ("Bawal", "बावल", [
            ("Bawal", "बावल", [
                ("Kasaula", "कसौला", [("Kasaula", "कसौला")]),
                ("Banipur", "बनीपुर", [("Banipur", "बनीपुर")]),
                ("Asiaki", "आसियाकी", [("Asiaki", "आसियाकी")]),
            ]),
        ], None),
    ],
    "08110": [  # Jaipur
        ("Jaipur", "जयपुर", [
            ("Jhotwara", "झोटवाड़ा", []),
        ], ("Jaipur", "जयपुर", "Jaipur Municipal Corporation", "नगर निगम जयपुर", 25)),
        ("Sanganer", "सांगानेर", [("Sanganer", "सांगानेर", [])], None),
        ("Amer", "आमेर", [
            ("Amer", "आमेर", [
                ("Kukas", "कूकस", [("Kukas", "कूकस")]),
                ("Kunda", "कूंडा", [("Kunda", "कूंडा")]),
                ("Akeda Dungar", "आकेड़ा डूंगर", [("Akeda Dungar", "आकेड़ा डूंगर")]),
            ]),
        ], None),
        ("Chomu", "चौमूं", [
            ("Chomu", "चौमूं", []),
            ("Govindgarh", "गोविंदगढ़", []),
        ], None),
        ("Bassi", "बस्सी", [
            ("Bassi", "बस्सी", [
                ("Kanota", "कानोता", [("Kanota", "कानोता")]),
                ("Banskho", "बांसखोह", [("Banskho", "बांसखोह")]),
            ]),
        ], None),
        ("Chaksu", "चाकसू", [("Chaksu", "चाकसू", [])], None),
        ("Phulera", "फुलेरा", [("Sambhar", "सांभर", [])], None),
        ("Dudu", "दूदू", [("Dudu", "दूदू", [])], None),
    ],
    "08113": [  # Jodhpur
        ("Jodhpur", "जोधपुर", [
            ("Mandore", "मंडोर", [
                ("Banar", "बनाड़", [("Banar", "बनाड़")]),
                ("Daijar", "दईजर", [("Daijar", "दईजर")]),
            ]),
        ], ("Jodhpur", "जोधपुर", "Jodhpur Municipal Corporation", "नगर निगम जोधपुर", 25)),
        ("Luni", "लूणी", [
            ("Luni", "लूणी", [
                ("Salawas", "सालावास", [("Salawas", "सालावास")]),
                ("Dhundhara", "धुंधाड़ा", [("Dhundhara", "धुंधाड़ा")]),
                ("Jhanwar", "झंवर", [("Jhanwar", "झंवर")]),
            ]),
        ], None),
        ("Bilara", "बिलाड़ा", [("Bilara", "बिलाड़ा", [])], None),
        ("Pipar City", "पीपाड़ शहर", [("Pipar", "पीपाड़", [])], None),
        ("Osian", "ओसियां", [
            ("Osian", "ओसियां", [
                ("Osian", "ओसियां", [("Osian", "ओसियां")]),
                ("Khetasar", "खेतासर", [("Khetasar", "खेतासर")]),
            ]),
            ("Tinwari", "तिंवरी", []),
        ], None),
        ("Bhopalgarh", "भोपालगढ़", [("Bhopalgarh", "भोपालगढ़", [])], None),
        ("Shergarh", "शेरगढ़", [
            ("Shergarh", "शेरगढ़", []),
            ("Balesar", "बालेसर", []),
        ], None),
    ],
}

# --------------------------------------------------------------------------------------------
# Departments
# --------------------------------------------------------------------------------------------

DEPARTMENTS = [
    ("PHED", "Public Health Engineering Department (Water Supply and Sewerage)",
     "जन स्वास्थ्य अभियांत्रिकी विभाग (जलापूर्ति एवं सीवरेज)"),
    ("POWER", "Power Department (Electricity Distribution)", "ऊर्जा विभाग (विद्युत वितरण)"),
    ("REVENUE", "Revenue and Disaster Management Department", "राजस्व एवं आपदा प्रबंधन विभाग"),
    ("POLICE", "Police (Home Department)", "पुलिस (गृह विभाग)"),
    ("HEALTH", "Health and Family Welfare Department", "स्वास्थ्य एवं परिवार कल्याण विभाग"),
    ("EDUCATION", "School Education Department", "विद्यालय शिक्षा विभाग"),
    ("PWD", "Public Works Department (Buildings and Roads)", "लोक निर्माण विभाग (भवन एवं सड़कें)"),
    ("ULB", "Urban Local Bodies Department (Municipal Services)",
     "शहरी स्थानीय निकाय विभाग (नगर निकाय सेवाएं)"),
    ("SOCIAL", "Social Justice and Empowerment Department (Pensions)",
     "सामाजिक न्याय एवं अधिकारिता विभाग (पेंशन)"),
    ("FOOD", "Food, Civil Supplies and Consumer Affairs Department",
     "खाद्य, नागरिक आपूर्ति एवं उपभोक्ता मामले विभाग"),
    ("AGRI", "Agriculture and Farmers Welfare Department", "कृषि एवं किसान कल्याण विभाग"),
    ("PANCHAYAT", "Development and Panchayats Department (Rural Development)",
     "विकास एवं पंचायत विभाग (ग्रामीण विकास)"),
    ("TRANSPORT", "Transport Department", "परिवहन विभाग"),
    ("GRIEVANCE", "Public Grievances Cell (CM Window / Sampark)",
     "जन परिवेदना प्रकोष्ठ (सीएम विंडो / संपर्क)"),
]

# Line departments that have subdivision and field offices in the worked districts.
MAIN_DEPTS = ["PHED", "POWER", "REVENUE", "PWD", "ULB", "PANCHAYAT", "SOCIAL", "FOOD", "HEALTH",
              "EDUCATION", "AGRI"]
BLOCK_DEPTS = ["PHED", "POWER", "REVENUE", "PWD", "PANCHAYAT", "SOCIAL", "FOOD", "HEALTH",
               "EDUCATION", "AGRI"]
CITY_DEPTS = ["PHED", "POWER", "REVENUE", "PWD", "ULB", "SOCIAL", "FOOD", "HEALTH", "EDUCATION"]

# --------------------------------------------------------------------------------------------
# Categories: (code, parent, kind, English, Hindi, deadline in working days, rts)
# --------------------------------------------------------------------------------------------

C, D, S = "complaint", "demand", "suggestion"
CATEGORIES = {
    "PHED": [
        ("PHED-WS", None, C, "Drinking water supply", "पेयजल आपूर्ति", 7, False),
        ("PHED-WS-NOSUP", "PHED-WS", C, "No drinking water supply", "पेयजल आपूर्ति बाधित", 3, False),
        ("PHED-WS-LOWP", "PHED-WS", C, "Low water pressure / short supply",
         "पानी का कम दबाव / कम आपूर्ति", 7, False),
        ("PHED-WS-DIRTY", "PHED-WS", C, "Contaminated or dirty water supply",
         "दूषित / गंदे पानी की आपूर्ति", 3, False),
        ("PHED-WS-LEAK", "PHED-WS", C, "Leakage in water pipeline", "पेयजल पाइपलाइन में रिसाव", 5, False),
        ("PHED-WS-TANKER", "PHED-WS", D, "Water tanker for a scarcity area",
         "जल संकट क्षेत्र में टैंकर से जलापूर्ति की मांग", 3, False),
        ("PHED-HP", None, C, "Hand pumps and tube wells", "हैंडपंप एवं नलकूप", 7, False),
        ("PHED-HP-REPAIR", "PHED-HP", C, "Hand pump out of order", "हैंडपंप खराब", 5, False),
        ("PHED-HP-NEW", "PHED-HP", D, "New hand pump", "नया हैंडपंप लगाने की मांग", 30, False),
        ("PHED-HP-TW", "PHED-HP", C, "Tube well / booster station not working",
         "नलकूप / बूस्टर बंद", 5, False),
        ("PHED-CONN", None, C, "Water and sewer connections", "जल एवं सीवर कनेक्शन", 15, False),
        ("PHED-CONN-WATER", "PHED-CONN", C, "New water connection", "नया जल कनेक्शन", 15, True),
        ("PHED-CONN-SEWER", "PHED-CONN", C, "New sewer connection", "नया सीवर कनेक्शन", 15, True),
        ("PHED-CONN-BILL", "PHED-CONN", C, "Water / sewerage bill dispute",
         "पानी / सीवरेज बिल संबंधी विवाद", 15, False),
        ("PHED-SEW", None, C, "Sewerage", "सीवरेज", 3, False),
        ("PHED-SEW-BLOCK", "PHED-SEW", C, "Sewer blockage or overflow", "सीवर जाम / ओवरफ्लो", 3, False),
        ("PHED-SEW-MANHOLE", "PHED-SEW", C, "Open or broken manhole cover",
         "खुला / टूटा मैनहोल ढक्कन", 3, False),
        ("PHED-SUG", None, S, "Suggestion on water conservation", "जल संरक्षण हेतु सुझाव", 30, False),
    ],
    "POWER": [
        ("POWER-SUP", None, C, "Electricity supply", "विद्युत आपूर्ति", 7, False),
        ("POWER-SUP-OUT", "POWER-SUP", C, "No electricity supply", "बिजली आपूर्ति बाधित", 2, False),
        ("POWER-SUP-VOLT", "POWER-SUP", C, "Low voltage / voltage fluctuation",
         "कम वोल्टेज / वोल्टेज में उतार-चढ़ाव", 7, False),
        ("POWER-SUP-CUT", "POWER-SUP", C, "Unscheduled power cuts", "अघोषित बिजली कटौती", 7, False),
        ("POWER-SUP-AGRI", "POWER-SUP", C, "Scheduled hours not supplied on agriculture feeder",
         "कृषि फीडर पर निर्धारित घंटे बिजली न मिलना", 7, False),
        ("POWER-TR", None, C, "Transformers, lines and poles", "ट्रांसफार्मर, लाइनें एवं खंभे", 7, False),
        ("POWER-TR-BURNT", "POWER-TR", C, "Transformer burnt or damaged", "ट्रांसफार्मर जला / खराब", 7, False),
        ("POWER-TR-NEW", "POWER-TR", D, "New or additional transformer",
         "नए / अतिरिक्त ट्रांसफार्मर की मांग", 30, False),
        ("POWER-TR-WIRE", "POWER-TR", C, "Loose or hanging wires, broken pole",
         "ढीले / लटकते तार, टूटा खंभा", 5, False),
        ("POWER-TR-SHIFT", "POWER-TR", D, "Shifting of pole or line", "खंभा / लाइन हटाने की मांग", 30, False),
        ("POWER-CONN", None, C, "Electricity connections", "बिजली कनेक्शन", 15, False),
        ("POWER-CONN-NEW", "POWER-CONN", C, "New electricity connection", "नया बिजली कनेक्शन", 15, True),
        ("POWER-CONN-LOAD", "POWER-CONN", C, "Change of sanctioned load", "स्वीकृत भार में परिवर्तन", 15, True),
        ("POWER-CONN-NAME", "POWER-CONN", C, "Change of name on connection",
         "कनेक्शन में नाम परिवर्तन", 15, True),
        ("POWER-BILL", None, C, "Billing and meters", "बिलिंग एवं मीटर", 15, False),
        ("POWER-BILL-EXCESS", "POWER-BILL", C, "Excess or wrong electricity bill",
         "अधिक / गलत बिजली बिल", 15, False),
        ("POWER-BILL-METER", "POWER-BILL", C, "Defective or burnt meter", "खराब / जला हुआ मीटर", 7, False),
        ("POWER-BILL-NOBILL", "POWER-BILL", C, "Bill not received", "बिल प्राप्त नहीं हुआ", 7, False),
    ],
    "REVENUE": [
        ("REV-LR", None, C, "Land records", "भू-अभिलेख", 30, False),
        ("REV-LR-MUT", "REV-LR", C, "Mutation of land", "भूमि का इंतकाल / नामांतरण", 30, True),
        ("REV-LR-COPY", "REV-LR", C, "Copy of jamabandi / record of rights",
         "जमाबंदी / खतौनी की नकल", 3, True),
        ("REV-LR-DEM", "REV-LR", C, "Demarcation of land", "भूमि की निशानदेही / पैमाइश", 30, True),
        ("REV-LR-ENCR", "REV-LR", C, "Encroachment on government or common land",
         "सरकारी / शामलात भूमि पर अतिक्रमण", 30, False),
        ("REV-LR-PATH", "REV-LR", C, "Public path (rasta) blocked", "सार्वजनिक रास्ता अवरुद्ध करना", 15, False),
        ("REV-CERT", None, C, "Certificates", "प्रमाण पत्र", 7, False),
        ("REV-CERT-CASTE", "REV-CERT", C, "Caste certificate", "जाति प्रमाण पत्र", 7, True),
        ("REV-CERT-RES", "REV-CERT", C, "Residence / domicile certificate",
         "निवास / मूल निवास प्रमाण पत्र", 7, True),
        ("REV-CERT-INC", "REV-CERT", C, "Income certificate", "आय प्रमाण पत्र", 7, True),
        ("REV-CERT-EWS", "REV-CERT", C, "EWS certificate",
         "आर्थिक रूप से कमजोर वर्ग (ईडब्ल्यूएस) प्रमाण पत्र", 7, True),
        ("REV-DIS", None, C, "Disaster relief", "आपदा राहत", 15, False),
        ("REV-DIS-CROP", "REV-DIS", C, "Crop loss compensation (girdawari)",
         "फसल खराबा मुआवजा (गिरदावरी)", 30, False),
        ("REV-DIS-FLOOD", "REV-DIS", C, "Flood / waterlogging relief", "बाढ़ / जलभराव राहत", 7, False),
        ("REV-DIS-EXGRATIA", "REV-DIS", C, "Ex gratia for death or house damage in a disaster",
         "आपदा में मृत्यु / मकान क्षति पर अनुग्रह राशि", 15, False),
        ("REV-REG", None, C, "Delay in property registration", "संपत्ति रजिस्ट्री में विलंब", 15, False),
    ],
    "POLICE": [
        ("POL-CRIME", None, C, "Crime and law and order", "अपराध एवं कानून व्यवस्था", 15, False),
        ("POL-CRIME-FIR", "POL-CRIME", C, "FIR not registered", "प्राथमिकी (एफआईआर) दर्ज न करना", 7, False),
        ("POL-CRIME-INV", "POL-CRIME", C, "Delay in investigation", "अनुसंधान में विलंब", 30, False),
        ("POL-CRIME-NUIS", "POL-CRIME", C, "Illegal liquor, drugs or gambling",
         "अवैध शराब, नशा या जुआ", 7, False),
        ("POL-CRIME-CYBER", "POL-CRIME", C, "Cyber fraud", "साइबर धोखाधड़ी", 15, False),
        ("POL-CRIME-MISB", "POL-CRIME", C, "Misbehaviour by police personnel",
         "पुलिसकर्मियों द्वारा दुर्व्यवहार", 15, False),
        ("POL-SVC", None, C, "Police services", "पुलिस सेवाएं", 15, False),
        ("POL-SVC-VERIF", "POL-SVC", C, "Character / police verification certificate",
         "चरित्र / पुलिस सत्यापन प्रमाण पत्र", 15, True),
        ("POL-SVC-TENANT", "POL-SVC", C, "Tenant / domestic help verification",
         "किरायेदार / घरेलू सहायक सत्यापन", 7, True),
        ("POL-TRAF", None, C, "Traffic", "यातायात", 7, False),
        ("POL-TRAF-JAM", "POL-TRAF", C, "Traffic congestion / wrong parking",
         "यातायात जाम / गलत पार्किंग", 7, False),
        ("POL-TRAF-SIGNAL", "POL-TRAF", D, "Traffic signal or police at a crossing",
         "चौराहे पर ट्रैफिक सिग्नल / पुलिस की मांग", 30, False),
    ],
    "HEALTH": [
        ("HLT-HOSP", None, C, "Government hospitals and health centres",
         "राजकीय अस्पताल एवं स्वास्थ्य केंद्र", 7, False),
        ("HLT-HOSP-DOC", "HLT-HOSP", C, "Doctor absent or not available",
         "चिकित्सक अनुपस्थित / उपलब्ध नहीं", 7, False),
        ("HLT-HOSP-MED", "HLT-HOSP", C, "Free medicines not available", "निःशुल्क दवाइयाँ उपलब्ध नहीं", 7, False),
        ("HLT-HOSP-CLEAN", "HLT-HOSP", C, "Unclean hospital premises", "अस्पताल परिसर में गंदगी", 5, False),
        ("HLT-HOSP-MISB", "HLT-HOSP", C, "Misbehaviour by hospital staff",
         "अस्पताल कर्मचारियों द्वारा दुर्व्यवहार", 15, False),
        ("HLT-HOSP-AMB", "HLT-HOSP", C, "Ambulance (108) did not reach in time",
         "एम्बुलेंस (108) समय पर नहीं पहुंची", 7, False),
        ("HLT-SCH", None, C, "Health schemes", "स्वास्थ्य योजनाएं", 15, False),
        ("HLT-SCH-AYUSH", "HLT-SCH", C, "Ayushman Bharat card or claim problem",
         "आयुष्मान भारत कार्ड / क्लेम संबंधी समस्या", 15, False),
        ("HLT-SCH-JSY", "HLT-SCH", C, "Janani Suraksha Yojana payment not received",
         "जननी सुरक्षा योजना का भुगतान प्राप्त नहीं", 15, False),
        ("HLT-BD", None, C, "Birth and death registration", "जन्म एवं मृत्यु पंजीकरण", 7, False),
        ("HLT-BD-BIRTH", "HLT-BD", C, "Birth certificate", "जन्म प्रमाण पत्र", 7, True),
        ("HLT-BD-DEATH", "HLT-BD", C, "Death certificate", "मृत्यु प्रमाण पत्र", 7, True),
        ("HLT-DIVCERT", None, C, "Disability certificate / UDID card",
         "दिव्यांगता प्रमाण पत्र / यूडीआईडी कार्ड", 30, True),
        ("HLT-VEC", None, C, "Mosquito control and fogging", "मच्छर नियंत्रण एवं फॉगिंग", 5, False),
        ("HLT-FOODSAFE", None, C, "Adulterated food / food safety", "खाद्य पदार्थों में मिलावट", 15, False),
        ("HLT-NEW", None, D, "New health centre or sub-centre", "नए स्वास्थ्य केंद्र / उप-केंद्र की मांग", 30, False),
    ],
    "EDUCATION": [
        ("EDU-SCH", None, C, "School infrastructure", "विद्यालय का आधारभूत ढांचा", 30, False),
        ("EDU-SCH-BLDG", "EDU-SCH", C, "Dilapidated school building", "जर्जर विद्यालय भवन", 30, False),
        ("EDU-SCH-WATER", "EDU-SCH", C, "No drinking water or toilet in school",
         "विद्यालय में पेयजल / शौचालय की कमी", 15, False),
        ("EDU-SCH-UPG", "EDU-SCH", D, "Upgradation of school", "विद्यालय क्रमोन्नयन की मांग", 30, False),
        ("EDU-TCH", None, C, "Teachers", "शिक्षक", 15, False),
        ("EDU-TCH-ABS", "EDU-TCH", C, "Teacher absent from school", "शिक्षक विद्यालय से अनुपस्थित", 7, False),
        ("EDU-TCH-SHORT", "EDU-TCH", D, "Shortage of teachers", "शिक्षकों की कमी", 30, False),
        ("EDU-TCH-SAL", "EDU-TCH", C, "Teacher's salary or arrears pending",
         "शिक्षक के वेतन / बकाया का भुगतान लंबित", 21, False),
        ("EDU-STU", None, C, "Student welfare", "विद्यार्थी कल्याण", 21, False),
        ("EDU-STU-SCHOL", "EDU-STU", C, "Scholarship not received", "छात्रवृत्ति प्राप्त नहीं हुई", 21, False),
        ("EDU-STU-MDM", "EDU-STU", C, "Poor quality of mid-day meal", "मिड-डे मील की खराब गुणवत्ता", 7, False),
        ("EDU-STU-RTE", "EDU-STU", C, "Admission under RTE (25% seats)",
         "आरटीई के तहत 25% सीटों पर प्रवेश", 15, False),
        ("EDU-STU-FEE", "EDU-STU", C, "Excess fee charged by a private school",
         "निजी विद्यालय द्वारा अधिक फीस वसूली", 21, False),
        ("EDU-SUG", None, S, "Suggestion for improving schools", "विद्यालयों में सुधार हेतु सुझाव", 30, False),
    ],
    "PWD": [
        ("PWD-ROAD", None, C, "Roads", "सड़कें", 15, False),
        ("PWD-ROAD-DAMAGE", "PWD-ROAD", C, "Damaged road / potholes", "टूटी सड़क / गड्ढे", 15, False),
        ("PWD-ROAD-NEW", "PWD-ROAD", D, "Construction of a new road", "नई सड़क निर्माण की मांग", 30, False),
        ("PWD-ROAD-WIDEN", "PWD-ROAD", D, "Widening of road", "सड़क चौड़ीकरण की मांग", 30, False),
        ("PWD-ROAD-QUAL", "PWD-ROAD", C, "Poor quality of road work",
         "सड़क निर्माण कार्य की घटिया गुणवत्ता", 21, False),
        ("PWD-BRIDGE", None, C, "Damaged bridge or culvert", "क्षतिग्रस्त पुल / पुलिया", 15, False),
        ("PWD-BLDG", None, C, "Repair of a government building", "सरकारी भवन की मरम्मत", 30, False),
        ("PWD-SUG", None, S, "Suggestion on road safety", "सड़क सुरक्षा हेतु सुझाव", 30, False),
    ],
    "ULB": [
        ("ULB-SAN", None, C, "Sanitation", "सफाई व्यवस्था", 3, False),
        ("ULB-SAN-GARB", "ULB-SAN", C, "Garbage not lifted", "कचरा नहीं उठाया गया", 3, False),
        ("ULB-SAN-DRAIN", "ULB-SAN", C, "Blocked or overflowing drain", "नाली जाम / ओवरफ्लो", 3, False),
        ("ULB-SAN-SWEEP", "ULB-SAN", C, "Street not swept", "गली / सड़क की सफाई नहीं हुई", 3, False),
        ("ULB-SAN-DEAD", "ULB-SAN", C, "Removal of dead animal", "मृत पशु उठवाना", 2, False),
        ("ULB-SAN-TOILET", "ULB-SAN", C, "Public toilet dirty or closed", "सार्वजनिक शौचालय गंदा / बंद", 3, False),
        ("ULB-SL", None, C, "Street lights", "स्ट्रीट लाइट", 3, False),
        ("ULB-SL-OFF", "ULB-SL", C, "Street light not working", "स्ट्रीट लाइट खराब / बंद", 3, False),
        ("ULB-SL-NEW", "ULB-SL", D, "New street light", "नई स्ट्रीट लाइट लगाने की मांग", 30, False),
        ("ULB-ENC", None, C, "Encroachment on public road or land",
         "सार्वजनिक सड़क / भूमि पर अतिक्रमण", 15, False),
        ("ULB-ANIM", None, C, "Stray cattle / dogs", "आवारा पशु / कुत्ते", 7, False),
        ("ULB-SVC", None, C, "Municipal services", "नगर निकाय सेवाएं", 15, False),
        ("ULB-SVC-PROP", "ULB-SVC", C, "Property ID / property tax correction",
         "प्रॉपर्टी आईडी / संपत्ति कर में सुधार", 15, False),
        ("ULB-SVC-BPLAN", "ULB-SVC", C, "Building plan approval", "भवन नक्शा स्वीकृति", 30, True),
        ("ULB-SVC-TRADE", "ULB-SVC", C, "Trade licence", "व्यापार अनुज्ञा-पत्र (ट्रेड लाइसेंस)", 15, True),
        ("ULB-SVC-NDC", "ULB-SVC", C, "No dues certificate", "अदेय प्रमाण पत्र (एनडीसी)", 7, True),
        ("ULB-SVC-ILLEGAL", "ULB-SVC", C, "Unauthorised construction", "अवैध निर्माण", 21, False),
        ("ULB-SUG", None, S, "Suggestion on city cleanliness", "शहर की स्वच्छता हेतु सुझाव", 30, False),
    ],
    "SOCIAL": [
        ("SOC-PEN", None, C, "Social security pensions", "सामाजिक सुरक्षा पेंशन", 30, False),
        ("SOC-PEN-OLD", "SOC-PEN", C, "Old age pension sanction", "वृद्धावस्था पेंशन स्वीकृति", 30, True),
        ("SOC-PEN-WIDOW", "SOC-PEN", C, "Widow / destitute women pension sanction",
         "विधवा / निराश्रित महिला पेंशन स्वीकृति", 30, True),
        ("SOC-PEN-DIV", "SOC-PEN", C, "Disability pension sanction", "दिव्यांग पेंशन स्वीकृति", 30, True),
        ("SOC-PEN-STOP", "SOC-PEN", C, "Pension stopped or not received", "पेंशन बंद / प्राप्त नहीं हुई", 15, False),
        ("SOC-DIVAID", None, D, "Assistive devices for persons with disabilities",
         "दिव्यांगजन हेतु सहायक उपकरण (ट्राइसाइकिल, श्रवण यंत्र) की मांग", 30, False),
        ("SOC-MARR", None, C, "Marriage assistance scheme (Shagun / Kanyadan)",
         "विवाह शगुन / कन्यादान योजना सहायता", 30, False),
        ("SOC-SCHOL", None, C, "Post-matric scholarship (SC / OBC)",
         "पोस्ट-मैट्रिक छात्रवृत्ति (अनुसूचित जाति / पिछड़ा वर्ग)", 21, False),
    ],
    "FOOD": [
        ("FOOD-RC", None, C, "Ration card", "राशन कार्ड", 15, False),
        ("FOOD-RC-NEW", "FOOD-RC", C, "New ration card", "नया राशन कार्ड", 15, True),
        ("FOOD-RC-MEMBER", "FOOD-RC", C, "Add or remove member in ration card",
         "राशन कार्ड में सदस्य जोड़ना / हटाना", 15, True),
        ("FOOD-RC-CUT", "FOOD-RC", C, "Name removed from NFSA list", "एनएफएसए सूची से नाम हटाया गया", 15, False),
        ("FOOD-DIST", None, C, "Ration distribution (PDS)", "राशन वितरण (सार्वजनिक वितरण प्रणाली)", 7, False),
        ("FOOD-DIST-DENIED", "FOOD-DIST", C, "Ration not given by depot holder",
         "डिपो होल्डर द्वारा राशन नहीं दिया गया", 7, False),
        ("FOOD-DIST-WEIGHT", "FOOD-DIST", C, "Less weight or poor quality ration",
         "कम तौल / घटिया गुणवत्ता का राशन", 7, False),
        ("FOOD-DIST-CLOSED", "FOOD-DIST", C, "Ration depot closed", "राशन डिपो बंद रहना", 3, False),
        ("FOOD-CONS", None, C, "Overcharging above MRP", "एमआरपी से अधिक मूल्य वसूलना", 15, False),
    ],
    "AGRI": [
        ("AGRI-INP", None, C, "Agricultural inputs", "कृषि आदान", 7, False),
        ("AGRI-INP-FERT", "AGRI-INP", C, "Shortage of fertiliser (DAP / urea)",
         "खाद (डीएपी / यूरिया) की कमी", 3, False),
        ("AGRI-INP-SEED", "AGRI-INP", C, "Substandard seed or pesticide", "घटिया बीज / कीटनाशक", 15, False),
        ("AGRI-SCH", None, C, "Farmer schemes", "किसान योजनाएं", 21, False),
        ("AGRI-SCH-PMFBY", "AGRI-SCH", C, "Crop insurance (PMFBY) claim", "फसल बीमा (पीएमएफबीवाई) क्लेम", 30, False),
        ("AGRI-SCH-KISAN", "AGRI-SCH", C, "PM-Kisan instalment not received",
         "पीएम-किसान किस्त प्राप्त नहीं हुई", 21, False),
        ("AGRI-SCH-MACH", "AGRI-SCH", C, "Subsidy on farm machinery", "कृषि यंत्रों पर अनुदान", 30, False),
        ("AGRI-SCH-SOIL", "AGRI-SCH", D, "Soil testing / soil health card",
         "मिट्टी जांच / मृदा स्वास्थ्य कार्ड की मांग", 21, False),
        ("AGRI-SUG", None, S, "Suggestion on crop diversification", "फसल विविधीकरण हेतु सुझाव", 30, False),
    ],
    "PANCHAYAT": [
        ("PAN-MGN", None, C, "MGNREGA", "मनरेगा", 15, False),
        ("PAN-MGN-WAGE", "PAN-MGN", C, "MGNREGA wages not paid", "मनरेगा मजदूरी का भुगतान नहीं हुआ", 15, False),
        ("PAN-MGN-JOBCARD", "PAN-MGN", C, "MGNREGA job card", "मनरेगा जॉब कार्ड", 15, True),
        ("PAN-MGN-WORK", "PAN-MGN", D, "Work under MGNREGA", "मनरेगा के अंतर्गत काम की मांग", 15, False),
        ("PAN-PMAY", None, C, "PM Awas Yojana (Gramin) house or instalment",
         "प्रधानमंत्री आवास योजना (ग्रामीण) आवास / किस्त", 30, False),
        ("PAN-VIL", None, C, "Village works and sanitation", "ग्राम विकास कार्य एवं स्वच्छता", 15, False),
        ("PAN-VIL-DRAIN", "PAN-VIL", C, "Waterlogging / drainage in village",
         "गांव में जलभराव / गंदे पानी की निकासी", 15, False),
        ("PAN-VIL-STREET", "PAN-VIL", D, "Paving of village street", "गांव की गली पक्की करने की मांग", 30, False),
        ("PAN-VIL-POND", "PAN-VIL", C, "Village pond cleaning", "गांव के तालाब की सफाई", 30, False),
        ("PAN-VIL-SBM", "PAN-VIL", C, "Toilet under Swachh Bharat Mission",
         "स्वच्छ भारत मिशन के तहत शौचालय", 30, False),
        ("PAN-FUND", None, C, "Misuse of panchayat funds", "पंचायत निधि का दुरुपयोग", 30, False),
    ],
    "TRANSPORT": [
        ("TRN-LIC", None, C, "Licences and registration", "लाइसेंस एवं पंजीकरण", 7, False),
        ("TRN-LIC-DL", "TRN-LIC", C, "Driving licence", "ड्राइविंग लाइसेंस", 7, True),
        ("TRN-LIC-RC", "TRN-LIC", C, "Vehicle registration certificate", "वाहन पंजीकरण प्रमाण पत्र (आरसी)", 7, True),
        ("TRN-LIC-TRANSFER", "TRN-LIC", C, "Transfer of vehicle ownership", "वाहन स्वामित्व हस्तांतरण", 7, True),
        ("TRN-BUS", None, C, "Roadways buses", "रोडवेज बसें", 7, False),
        ("TRN-BUS-STOP", "TRN-BUS", C, "Bus does not stop at bus stop", "बस का स्टॉप पर न रुकना", 7, False),
        ("TRN-BUS-ROUTE", "TRN-BUS", D, "New bus route or more trips", "नए बस मार्ग / अधिक फेरों की मांग", 30, False),
        ("TRN-BUS-MISB", "TRN-BUS", C, "Misbehaviour by bus staff", "बस स्टाफ द्वारा दुर्व्यवहार", 15, False),
        ("TRN-OVERLOAD", None, C, "Overloaded or illegal vehicles", "ओवरलोड / अवैध वाहन", 7, False),
    ],
    "GRIEVANCE": [
        ("GRV-OTHER", None, C, "Other / not classified", "अन्य / अवर्गीकृत", 21, False),
        ("GRV-SUG", None, S, "General suggestion to the government", "सरकार हेतु सामान्य सुझाव", 30, False),
    ],
}

# --------------------------------------------------------------------------------------------
# Office titles.  {p}/{ph}: place; {s}/{sh}: state; {m}/{mh}: municipal body.
# Per department and state: level -> (English, Hindi); "city" is the level-1 office in a town.
# --------------------------------------------------------------------------------------------

TITLES = {
    "PHED": {
        "HR": {4: ("Engineer-in-Chief, Public Health Engineering Department, Haryana",
                   "प्रमुख अभियंता, जन स्वास्थ्य अभियांत्रिकी विभाग, हरियाणा"),
               3: ("Executive Engineer, PHED Division {p}", "कार्यकारी अभियंता, जन स्वास्थ्य अभियांत्रिकी मंडल, {ph}"),
               2: ("Sub-Divisional Engineer, PHED Sub-Division {p}",
                   "उपमंडल अभियंता, जन स्वास्थ्य अभियांत्रिकी उपमंडल, {ph}"),
               1: ("Junior Engineer, PHED {p}", "कनिष्ठ अभियंता, जन स्वास्थ्य अभियांत्रिकी, {ph}"),
               "city": ("Junior Engineer (Water Supply), PHED {p} City",
                        "कनिष्ठ अभियंता (जलापूर्ति), जन स्वास्थ्य अभियांत्रिकी, {ph} शहर")},
        "RJ": {4: ("Chief Engineer, PHED Rajasthan, Jaipur", "मुख्य अभियंता, जन स्वास्थ्य अभियांत्रिकी विभाग, राजस्थान, जयपुर"),
               3: ("Superintending Engineer, PHED Circle {p}", "अधीक्षण अभियंता, जन स्वास्थ्य अभियांत्रिकी वृत्त, {ph}"),
               2: ("Executive Engineer, PHED Division {p}", "अधिशासी अभियंता, जन स्वास्थ्य अभियांत्रिकी खंड, {ph}"),
               1: ("Assistant Engineer, PHED Sub-Division {p}",
                   "सहायक अभियंता, जन स्वास्थ्य अभियांत्रिकी उपखंड, {ph}"),
               "city": ("Assistant Engineer (City), PHED {p}", "सहायक अभियंता (शहर), जन स्वास्थ्य अभियांत्रिकी, {ph}")},
    },
    "POWER": {
        "HR": {4: ("Director (Operations), Haryana Power Distribution (UHBVN / DHBVN)",
                   "निदेशक (परिचालन), हरियाणा बिजली वितरण निगम (उत्तर / दक्षिण)"),
               3: ("Superintending Engineer (Operation) Circle, {p}", "अधीक्षण अभियंता (परिचालन) वृत्त, {ph}"),
               2: ("Executive Engineer (Operation) Division, {p}", "कार्यकारी अभियंता (परिचालन) मंडल, {ph}"),
               1: ("SDO (Operation) Sub-Division, {p}", "उपमंडल अधिकारी (परिचालन), {ph}"),
               "city": ("SDO (Operation) City Sub-Division, {p}", "उपमंडल अधिकारी (परिचालन) शहर, {ph}")},
        "RJ": {4: ("Chairman, Rajasthan Discoms (JVVNL / AVVNL / JdVVNL)",
                   "अध्यक्ष, राजस्थान डिस्कॉम्स (जयपुर / अजमेर / जोधपुर विद्युत वितरण निगम)"),
               3: ("Superintending Engineer (O&M) Circle, {p}", "अधीक्षण अभियंता (संचालन एवं संधारण) वृत्त, {ph}"),
               2: ("Executive Engineer (O&M) Division, {p}", "अधिशासी अभियंता (संचालन एवं संधारण) खंड, {ph}"),
               1: ("Assistant Engineer (O&M), {p}", "सहायक अभियंता (संचालन एवं संधारण), {ph}"),
               "city": ("Assistant Engineer (O&M) City, {p}", "सहायक अभियंता (संचालन एवं संधारण) शहर, {ph}")},
    },
    "REVENUE": {
        "HR": {4: ("Financial Commissioner Revenue, Haryana", "वित्तायुक्त राजस्व, हरियाणा"),
               3: ("Deputy Commissioner, {p}", "उपायुक्त, {ph}"),
               2: ("SDO (Civil), {p}", "उपमंडल अधिकारी (नागरिक), {ph}"),
               1: ("Tehsildar / Naib Tehsildar, {p}", "तहसीलदार / नायब तहसीलदार, {ph}"),
               "city": ("Naib Tehsildar (City), {p}", "नायब तहसीलदार (शहर), {ph}")},
        "RJ": {4: ("Principal Secretary, Revenue Department, Rajasthan", "प्रमुख शासन सचिव, राजस्व विभाग, राजस्थान"),
               3: ("District Collector, {p}", "जिला कलेक्टर, {ph}"),
               2: ("Sub-Divisional Officer (SDM), {p}", "उपखंड अधिकारी, {ph}"),
               1: ("Tehsildar / Naib Tehsildar, {p}", "तहसीलदार / नायब तहसीलदार, {ph}"),
               "city": ("Naib Tehsildar (City), {p}", "नायब तहसीलदार (शहर), {ph}")},
    },
    "POLICE": {
        "HR": {4: ("Director General of Police, Haryana", "पुलिस महानिदेशक, हरियाणा"),
               3: ("Superintendent of Police, {p}", "पुलिस अधीक्षक, {ph}"),
               "cp": ("Commissioner of Police, {p}", "पुलिस आयुक्त, {ph}")},
        "RJ": {4: ("Director General of Police, Rajasthan", "पुलिस महानिदेशक, राजस्थान"),
               3: ("Superintendent of Police, {p}", "पुलिस अधीक्षक, {ph}"),
               "cp": ("Commissioner of Police, {p}", "पुलिस आयुक्त, {ph}")},
    },
    "HEALTH": {
        "HR": {4: ("Director General Health Services, Haryana", "महानिदेशक स्वास्थ्य सेवाएं, हरियाणा"),
               3: ("Civil Surgeon, {p}", "सिविल सर्जन, {ph}"),
               2: ("Senior Medical Officer, Sub-Divisional Civil Hospital {p}",
                   "वरिष्ठ चिकित्सा अधिकारी, उपमंडल नागरिक अस्पताल, {ph}"),
               1: ("Medical Officer In-charge, CHC {p}", "प्रभारी चिकित्सा अधिकारी, सामुदायिक स्वास्थ्य केंद्र, {ph}"),
               "city": ("Medical Officer, Urban PHC {p}", "चिकित्सा अधिकारी, शहरी प्राथमिक स्वास्थ्य केंद्र, {ph}")},
        "RJ": {4: ("Director (Public Health), Medical, Health and Family Welfare, Rajasthan",
                   "निदेशक (जन स्वास्थ्य), चिकित्सा, स्वास्थ्य एवं परिवार कल्याण, राजस्थान"),
               3: ("Chief Medical and Health Officer, {p}", "मुख्य चिकित्सा एवं स्वास्थ्य अधिकारी, {ph}"),
               2: ("Principal Medical Officer, Sub-District Hospital {p}", "प्रमुख चिकित्सा अधिकारी, उप जिला चिकित्सालय, {ph}"),
               1: ("Block Chief Medical Officer, {p}", "खंड मुख्य चिकित्सा अधिकारी, {ph}"),
               "city": ("Medical Officer, Urban PHC {p}", "चिकित्सा अधिकारी, शहरी प्राथमिक स्वास्थ्य केंद्र, {ph}")},
    },
    "EDUCATION": {
        "HR": {4: ("Director, School Education, Haryana", "निदेशक, विद्यालय शिक्षा, हरियाणा"),
               3: ("District Education Officer, {p}", "जिला शिक्षा अधिकारी, {ph}"),
               2: ("Deputy District Education Officer, {p}", "उप जिला शिक्षा अधिकारी, {ph}"),
               1: ("Block Education Officer, {p}", "खंड शिक्षा अधिकारी, {ph}"),
               "city": ("Block Education Officer (Urban), {p}", "खंड शिक्षा अधिकारी (शहरी), {ph}")},
        "RJ": {4: ("Director, Secondary Education, Rajasthan, Bikaner", "निदेशक, माध्यमिक शिक्षा, राजस्थान, बीकानेर"),
               3: ("Chief District Education Officer, {p}", "मुख्य जिला शिक्षा अधिकारी, {ph}"),
               2: ("Additional District Education Officer, {p}", "अतिरिक्त जिला शिक्षा अधिकारी, {ph}"),
               1: ("Chief Block Education Officer, {p}", "मुख्य ब्लॉक शिक्षा अधिकारी, {ph}"),
               "city": ("Chief Block Education Officer (Urban), {p}", "मुख्य ब्लॉक शिक्षा अधिकारी (शहरी), {ph}")},
    },
    "PWD": {
        "HR": {4: ("Engineer-in-Chief, PWD (B&R), Haryana", "प्रमुख अभियंता, लोक निर्माण विभाग (भवन एवं सड़कें), हरियाणा"),
               3: ("Executive Engineer, PWD (B&R) Division {p}",
                   "कार्यकारी अभियंता, लोक निर्माण (भवन एवं सड़कें) मंडल, {ph}"),
               2: ("Sub-Divisional Engineer, PWD (B&R) {p}", "उपमंडल अभियंता, लोक निर्माण (भवन एवं सड़कें), {ph}"),
               1: ("Junior Engineer, PWD (B&R) {p}", "कनिष्ठ अभियंता, लोक निर्माण (भवन एवं सड़कें), {ph}"),
               "city": ("Junior Engineer, PWD (B&R) {p} City", "कनिष्ठ अभियंता, लोक निर्माण (भवन एवं सड़कें), {ph} शहर")},
        "RJ": {4: ("Chief Engineer, PWD Rajasthan", "मुख्य अभियंता, सार्वजनिक निर्माण विभाग, राजस्थान"),
               3: ("Superintending Engineer, PWD Circle {p}", "अधीक्षण अभियंता, सार्वजनिक निर्माण विभाग वृत्त, {ph}"),
               2: ("Executive Engineer, PWD Division {p}", "अधिशासी अभियंता, सार्वजनिक निर्माण विभाग खंड, {ph}"),
               1: ("Assistant Engineer, PWD Sub-Division {p}", "सहायक अभियंता, सार्वजनिक निर्माण विभाग उपखंड, {ph}"),
               "city": ("Assistant Engineer, PWD City Sub-Division {p}",
                        "सहायक अभियंता, सार्वजनिक निर्माण विभाग शहर उपखंड, {ph}")},
    },
    "ULB": {
        "HR": {4: ("Director General, Urban Local Bodies, Haryana", "महानिदेशक, शहरी स्थानीय निकाय विभाग, हरियाणा"),
               3: ("District Municipal Commissioner, {p}", "जिला नगर आयुक्त, {ph}"),
               2: ("Executive Officer, {m}", "कार्यकारी अधिकारी, {mh}"),
               "city": ("Municipal Engineer and Chief Sanitary Inspector, {m}",
                        "नगर अभियंता एवं मुख्य सफाई निरीक्षक, {mh}")},
        "RJ": {4: ("Director, Local Bodies (DLB), Rajasthan", "निदेशक, स्वायत्त शासन विभाग, राजस्थान"),
               3: ("Deputy Director (Regional), Local Bodies, {p}", "उप निदेशक (क्षेत्रीय), स्वायत्त शासन विभाग, {ph}"),
               2: ("Commissioner, {m}", "आयुक्त, {mh}"),
               "city": ("Zonal Office (Health and Works), {m}", "जोन कार्यालय (स्वास्थ्य एवं निर्माण), {mh}")},
    },
    "SOCIAL": {
        "HR": {4: ("Director, Social Justice, Empowerment and Antyodaya (SEWA), Haryana",
                   "निदेशक, सामाजिक न्याय, अधिकारिता एवं अंत्योदय (सेवा) विभाग, हरियाणा"),
               3: ("District Social Welfare Officer, {p}", "जिला समाज कल्याण अधिकारी, {ph}"),
               2: ("Sub-Divisional Social Welfare Office, {p}", "उपमंडल समाज कल्याण कार्यालय, {ph}"),
               1: ("Block Social Welfare Office, {p}", "खंड समाज कल्याण कार्यालय, {ph}"),
               "city": ("Social Welfare Office (Urban), {p}", "समाज कल्याण कार्यालय (शहरी), {ph}")},
        "RJ": {4: ("Director, Social Justice and Empowerment, Rajasthan", "निदेशक, सामाजिक न्याय एवं अधिकारिता विभाग, राजस्थान"),
               3: ("Deputy Director, Social Justice and Empowerment, {p}", "उप निदेशक, सामाजिक न्याय एवं अधिकारिता, {ph}"),
               2: ("Sub-Divisional Officer (Pension Sanctioning Authority), {p}",
                   "उपखंड अधिकारी (पेंशन स्वीकृतिकर्ता अधिकारी), {ph}"),
               1: ("Vikas Adhikari (Pension), Panchayat Samiti {p}", "विकास अधिकारी (पेंशन), पंचायत समिति {ph}"),
               "city": ("Social Security Pension Cell (Urban), {p}", "सामाजिक सुरक्षा पेंशन प्रकोष्ठ (शहरी), {ph}")},
    },
    "FOOD": {
        "HR": {4: ("Director, Food, Civil Supplies and Consumer Affairs, Haryana",
                   "निदेशक, खाद्य, नागरिक आपूर्ति एवं उपभोक्ता मामले विभाग, हरियाणा"),
               3: ("District Food and Supplies Controller, {p}", "जिला खाद्य एवं आपूर्ति नियंत्रक, {ph}"),
               2: ("Assistant Food and Supplies Officer, {p}", "सहायक खाद्य एवं आपूर्ति अधिकारी, {ph}"),
               1: ("Inspector Food and Supplies, {p}", "खाद्य एवं आपूर्ति निरीक्षक, {ph}"),
               "city": ("Inspector Food and Supplies, {p} City", "खाद्य एवं आपूर्ति निरीक्षक, {ph} शहर")},
        "RJ": {4: ("Commissioner, Food and Civil Supplies, Rajasthan", "आयुक्त, खाद्य एवं नागरिक आपूर्ति विभाग, राजस्थान"),
               3: ("District Supply Officer, {p}", "जिला रसद अधिकारी, {ph}"),
               2: ("Enforcement Officer (Rasad), {p}", "प्रवर्तन अधिकारी (रसद), {ph}"),
               1: ("Enforcement Inspector (Rasad), {p}", "प्रवर्तन निरीक्षक (रसद), {ph}"),
               "city": ("Enforcement Inspector (Rasad), {p} City", "प्रवर्तन निरीक्षक (रसद), {ph} शहर")},
    },
    "AGRI": {
        "HR": {4: ("Director General, Agriculture and Farmers Welfare, Haryana",
                   "महानिदेशक, कृषि एवं किसान कल्याण विभाग, हरियाणा"),
               3: ("Deputy Director of Agriculture, {p}", "उप कृषि निदेशक, {ph}"),
               2: ("Sub-Divisional Agriculture Officer, {p}", "उपमंडल कृषि अधिकारी, {ph}"),
               1: ("Block Agriculture Officer, {p}", "खंड कृषि अधिकारी, {ph}")},
        "RJ": {4: ("Commissioner, Agriculture, Rajasthan", "आयुक्त, कृषि, राजस्थान"),
               3: ("Deputy Director Agriculture (Extension), {p}", "उप निदेशक कृषि (विस्तार), {ph}"),
               2: ("Assistant Director Agriculture (Extension), {p}", "सहायक निदेशक कृषि (विस्तार), {ph}"),
               1: ("Agriculture Officer, Panchayat Samiti {p}", "कृषि अधिकारी, पंचायत समिति {ph}")},
    },
    "PANCHAYAT": {
        "HR": {4: ("Director General, Development and Panchayats, Haryana", "महानिदेशक, विकास एवं पंचायत विभाग, हरियाणा"),
               3: ("District Development and Panchayat Officer, {p}", "जिला विकास एवं पंचायत अधिकारी, {ph}"),
               2: ("Deputy CEO, Zila Parishad (Sub-Division {p})", "उप मुख्य कार्यकारी अधिकारी, जिला परिषद (उपमंडल {ph})"),
               1: ("BDPO {p}", "खंड विकास एवं पंचायत अधिकारी, {ph}")},
        "RJ": {4: ("Commissioner, Rural Development and Panchayati Raj, Rajasthan",
                   "आयुक्त, ग्रामीण विकास एवं पंचायती राज विभाग, राजस्थान"),
               3: ("Chief Executive Officer, Zila Parishad {p}", "मुख्य कार्यकारी अधिकारी, जिला परिषद, {ph}"),
               2: ("Additional CEO, Zila Parishad (Sub-Division {p})",
                   "अतिरिक्त मुख्य कार्यकारी अधिकारी, जिला परिषद (उपखंड {ph})"),
               1: ("Vikas Adhikari, Panchayat Samiti {p}", "विकास अधिकारी, पंचायत समिति {ph}")},
    },
    "TRANSPORT": {
        "HR": {4: ("Transport Commissioner, Haryana", "परिवहन आयुक्त, हरियाणा"),
               3: ("Secretary, Regional Transport Authority, {p}", "सचिव, क्षेत्रीय परिवहन प्राधिकरण, {ph}")},
        "RJ": {4: ("Transport Commissioner, Rajasthan", "परिवहन आयुक्त, राजस्थान"),
               3: ("District Transport Officer, {p}", "जिला परिवहन अधिकारी, {ph}")},
    },
    "GRIEVANCE": {
        "HR": {4: ("CM Window - State Grievance Cell, Chief Minister's Office, Haryana",
                   "सीएम विंडो - राज्य परिवेदना प्रकोष्ठ, मुख्यमंत्री कार्यालय, हरियाणा"),
               3: ("CM Window / District Grievance Cell, {p}", "सीएम विंडो / जिला परिवेदना प्रकोष्ठ, {ph}")},
        "RJ": {4: ("Rajasthan Sampark - State Grievance Cell (CM Helpline 181), Jaipur",
                   "राजस्थान संपर्क - राज्य परिवेदना प्रकोष्ठ (सीएम हेल्पलाइन 181), जयपुर"),
               3: ("Sampark / District Public Grievance Cell, {p}", "संपर्क / जिला जन अभियोग निराकरण प्रकोष्ठ, {ph}")},
    },
}

# Extra specialised field offices in the worked towns with category-specific routing.
# (district code, department, code suffix, English, Hindi, [category codes], username suffix)
SPECIAL_OFFICES = [
    ("06084", "PHED", "SEWER", "Junior Engineer (Sewerage), PHED Rewari City",
     "कनिष्ठ अभियंता (सीवरेज), जन स्वास्थ्य अभियांत्रिकी, रेवाड़ी शहर",
     ["PHED-SEW", "PHED-SEW-BLOCK", "PHED-SEW-MANHOLE", "PHED-CONN-SEWER"], "sewer"),
    ("08110", "ULB", "LIGHTS", "Executive Engineer (Electrical), Jaipur Municipal Corporation",
     "अधिशासी अभियंता (विद्युत), नगर निगम जयपुर", ["ULB-SL", "ULB-SL-OFF", "ULB-SL-NEW"], "lights"),
    ("08113", "ULB", "CATTLE", "Cattle Catching Wing, Jodhpur Municipal Corporation",
     "पशु पकड़ शाखा, नगर निगम जोधपुर", ["ULB-ANIM", "ULB-SAN-DEAD"], "cattle"),
    ("08113", "PHED", "TANKER", "Assistant Engineer (Tanker Supply), PHED Jodhpur City",
     "सहायक अभियंता (टैंकर आपूर्ति), जन स्वास्थ्य अभियांत्रिकी, जोधपुर शहर", ["PHED-WS-TANKER"], "tanker"),
]

# --------------------------------------------------------------------------------------------
# Holidays (besides Sundays and 2nd/4th Saturdays).  Lunar dates are approximate for 2026/27.
# --------------------------------------------------------------------------------------------

H = {  # key -> (English, Hindi)
    "republic": ("Republic Day", "गणतंत्र दिवस"),
    "ravidas": ("Guru Ravidas Jayanti", "गुरु रविदास जयंती"),
    "devnarayan": ("Devnarayan Jayanti", "देवनारायण जयंती"),
    "shivratri": ("Maha Shivratri", "महाशिवरात्रि"),
    "holika": ("Holika Dahan", "होलिका दहन"),
    "holi": ("Holi", "होली"),
    "dhulandi": ("Holi (Dhulandi)", "होली (धुलंडी)"),
    "bhagatsingh": ("Shaheed Bhagat Singh Martyrdom Day", "शहीद भगत सिंह शहीदी दिवस"),
    "chetichand": ("Cheti Chand", "चेटीचंड"),
    "idulfitr": ("Id-ul-Fitr", "ईद-उल-फितर"),
    "ramnavami": ("Ram Navami", "राम नवमी"),
    "mahavir": ("Mahavir Jayanti", "महावीर जयंती"),
    "ambedkar": ("Dr. B. R. Ambedkar Jayanti", "डॉ. भीमराव अंबेडकर जयंती"),
    "goodfriday": ("Good Friday", "गुड फ्राइडे"),
    "parshuram": ("Parshuram Jayanti", "परशुराम जयंती"),
    "buddha": ("Buddha Purnima", "बुद्ध पूर्णिमा"),
    "pratap": ("Maharana Pratap Jayanti", "महाराणा प्रताप जयंती"),
    "kabir": ("Sant Kabir Das Jayanti", "संत कबीर दास जयंती"),
    "bakrid": ("Id-ul-Zuha (Bakrid)", "ईद-उल-जुहा (बकरीद)"),
    "muharram": ("Muharram", "मुहर्रम"),
    "teej": ("Haryali Teej", "हरियाली तीज"),
    "udham": ("Shaheed Udham Singh Martyrdom Day", "शहीद ऊधम सिंह शहीदी दिवस"),
    "rakhi": ("Raksha Bandhan", "रक्षाबंधन"),
    "independence": ("Independence Day", "स्वतंत्रता दिवस"),
    "janmashtami": ("Janmashtami", "जन्माष्टमी"),
    "ramdev": ("Baba Ramdev Jayanti", "बाबा रामदेव जयंती"),
    "milad": ("Milad-un-Nabi (Barawafat)", "मिलाद-उन-नबी (बारावफात)"),
    "agrasen": ("Maharaja Agrasen Jayanti", "महाराजा अग्रसेन जयंती"),
    "navratra": ("Navratra Sthapana", "नवरात्र स्थापना"),
    "veer": ("Haryana Veer and Shaheedi Diwas", "हरियाणा वीर एवं शहीदी दिवस"),
    "durgashtami": ("Durgashtami", "दुर्गाष्टमी"),
    "gandhi": ("Gandhi Jayanti", "गांधी जयंती"),
    "dussehra": ("Dussehra", "दशहरा"),
    "valmiki": ("Maharishi Valmiki Jayanti", "महर्षि वाल्मीकि जयंती"),
    "diwali": ("Diwali", "दीपावली"),
    "govardhan": ("Govardhan Puja", "गोवर्धन पूजा"),
    "vishwakarma": ("Vishwakarma Day", "विश्वकर्मा दिवस"),
    "bhaidooj": ("Bhai Dooj", "भाई दूज"),
    "haryanaday": ("Haryana Day", "हरियाणा दिवस"),
    "gurunanak": ("Guru Nanak Jayanti", "गुरु नानक जयंती"),
    "christmas": ("Christmas", "क्रिसमस"),
}

BOTH = ["republic", "shivratri", "idulfitr", "mahavir", "ambedkar", "goodfriday", "parshuram", "bakrid",
        "rakhi", "independence", "janmashtami", "gandhi", "dussehra", "diwali", "bhaidooj", "gurunanak",
        "christmas"]
HR_ONLY = ["ravidas", "holi", "bhagatsingh", "kabir", "teej", "udham", "agrasen", "veer", "valmiki",
           "vishwakarma", "haryanaday"]
RJ_ONLY = ["devnarayan", "holika", "dhulandi", "chetichand", "ramnavami", "buddha", "pratap", "muharram",
           "ramdev", "milad", "navratra", "durgashtami", "govardhan"]

FIXED = {"republic": (1, 26), "bhagatsingh": (3, 23), "ambedkar": (4, 14), "udham": (7, 31),
         "independence": (8, 15), "veer": (9, 23), "gandhi": (10, 2), "haryanaday": (11, 1),
         "christmas": (12, 25)}

MOVABLE = {  # key -> {year: "MM-DD"}
    "ravidas": {2025: "02-12", 2026: "02-01", 2027: "02-20"},
    "devnarayan": {2025: "02-04", 2026: "01-25", 2027: "02-12"},
    "shivratri": {2025: "02-26", 2026: "02-15", 2027: "03-06"},
    "holika": {2025: "03-13", 2026: "03-03", 2027: "03-21"},
    "holi": {2025: "03-14", 2026: "03-04", 2027: "03-22"},
    "dhulandi": {2025: "03-14", 2026: "03-04", 2027: "03-22"},
    "chetichand": {2025: "03-30", 2026: "03-20", 2027: "04-07"},
    "idulfitr": {2025: "03-31", 2026: "03-21", 2027: "03-10"},
    "ramnavami": {2025: "04-06", 2026: "03-26", 2027: "04-15"},
    "mahavir": {2025: "04-10", 2026: "03-31", 2027: "04-19"},
    "parshuram": {2025: "04-29", 2026: "04-19", 2027: "05-09"},
    "buddha": {2025: "05-12", 2026: "05-01", 2027: "05-20"},
    "pratap": {2025: "05-29", 2026: "06-17", 2027: "06-07"},
    "kabir": {2025: "06-11", 2026: "06-29", 2027: "06-18"},
    "bakrid": {2025: "06-07", 2026: "05-27", 2027: "05-17"},
    "muharram": {2025: "07-06", 2026: "06-26", 2027: "06-16"},
    "teej": {2025: "07-27", 2026: "08-15", 2027: "08-05"},
    "rakhi": {2025: "08-09", 2026: "08-28", 2027: "08-17"},
    "janmashtami": {2025: "08-16", 2026: "09-04", 2027: "08-25"},
    "ramdev": {2025: "08-25", 2026: "09-12", 2027: "09-02"},
    "milad": {2025: "09-05", 2026: "08-26", 2027: "08-16"},
    "agrasen": {2025: "09-22", 2026: "10-11", 2027: "10-01"},
    "navratra": {2025: "09-22", 2026: "10-11", 2027: "10-01"},
    "durgashtami": {2025: "09-30", 2026: "10-19", 2027: "10-08"},
    "dussehra": {2025: "10-02", 2026: "10-20", 2027: "10-09"},
    "valmiki": {2025: "10-07", 2026: "10-26", 2027: "10-15"},
    "diwali": {2025: "10-20", 2026: "11-08", 2027: "10-29"},
    "govardhan": {2025: "10-22", 2026: "11-10", 2027: "10-30"},
    "vishwakarma": {2025: "10-22", 2026: "11-10", 2027: "10-30"},
    "bhaidooj": {2025: "10-23", 2026: "11-11", 2027: "10-31"},
    "gurunanak": {2025: "11-05", 2026: "11-24", 2027: "11-14"},
}

YEARS = [2025, 2026, 2027]


def easter(year):
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return datetime.date(year, month, day)


def holiday_date(key, year):
    if key in FIXED:
        return datetime.date(year, *FIXED[key])
    if key == "goodfriday":
        return easter(year) - datetime.timedelta(days=2)
    mm, dd = MOVABLE[key][year].split("-")
    return datetime.date(year, int(mm), int(dd))


# --------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------

NAMES = {
    "HR": {
        "male": ["Rajesh", "Sunil", "Anil", "Satish", "Ramesh", "Mahesh", "Vinod", "Sandeep", "Pradeep",
                 "Naresh", "Surender", "Jitender", "Rakesh", "Virender", "Dinesh", "Ajay", "Vikas", "Manoj",
                 "Krishan", "Om Prakash", "Jagdish", "Rajbir", "Dharambir", "Rohtash", "Naveen", "Amit",
                 "Deepak", "Yogesh", "Mukesh", "Kuldeep", "Ravinder", "Sanjay", "Bijender", "Hawa Singh",
                 "Ashok", "Subhash", "Narender", "Pawan", "Rajender", "Ved Prakash"],
        "female": ["Sunita", "Anita", "Suman", "Kavita", "Poonam", "Renu", "Neelam", "Sarita", "Manju",
                   "Seema", "Priyanka", "Pooja", "Rekha", "Savita", "Meenu", "Babita", "Nisha", "Jyoti",
                   "Sushma", "Monika", "Sonia", "Kiran"],
        "surnames": ["Yadav", "Yadav", "Yadav", "Rao", "Sharma", "Saini", "Jangra", "Chauhan", "Verma",
                     "Gupta", "Aggarwal", "Dahiya", "Malik", "Ahlawat", "Sangwan", "Kaushik", "Bhardwaj",
                     "Arora", "Sehrawat", "Hooda", "Khatri", "Goyal", "Punia", "Lather"],
    },
    "RJ": {
        "male": ["Ramesh", "Suresh", "Mahendra", "Rajendra", "Surendra", "Mukesh", "Govind", "Hanuman",
                 "Bhanwar Lal", "Ram Niwas", "Satyanarayan", "Girraj", "Dinesh", "Ashok", "Vijay", "Manish",
                 "Vikram", "Bhupendra", "Jitendra", "Kamlesh", "Prakash", "Devendra", "Lokesh", "Naresh",
                 "Sanjay", "Hemant", "Dharmendra", "Om Prakash", "Shyam Sundar", "Kailash", "Madan Lal",
                 "Gopal", "Rakesh", "Pukhraj", "Ghanshyam", "Babulal", "Mohan Lal", "Anil", "Narendra"],
        "female": ["Suman", "Sunita", "Kiran", "Mamta", "Sarita", "Anita", "Pushpa", "Santosh", "Rekha",
                   "Sangeeta", "Manju", "Lalita", "Priya", "Neha", "Kavita", "Shobha", "Sushila", "Kanta",
                   "Meenakshi", "Vandana", "Usha", "Nirmala"],
        "surnames": ["Sharma", "Meena", "Saini", "Gupta", "Agarwal", "Kumawat", "Choudhary", "Jat", "Gurjar",
                     "Khandelwal", "Jain", "Yadav", "Bairwa", "Verma", "Joshi", "Bishnoi", "Purohit", "Vyas",
                     "Gehlot", "Mali", "Sankhla", "Mehta", "Bhandari", "Soni", "Swami", "Parihar"],
        "rajput": ["Rathore", "Shekhawat", "Bhati", "Naruka", "Tanwar", "Chouhan", "Deora", "Kachhawa"],
    },
    "muslim": {
        "male": ["Imran", "Salim", "Aslam", "Rizwan", "Shahid", "Irfan", "Mohammed Iqbal", "Anwar"],
        "female": ["Shabana", "Nazia", "Rukhsana", "Farzana", "Shaheen"],
        "surnames": ["Khan", "Qureshi", "Ansari", "Sheikh"],
    },
}

MOBILE_PREFIXES = ["98", "94", "99", "97", "96", "95", "93", "91", "90", "89", "88", "87", "86", "85",
                   "84", "83", "82", "81", "80", "79", "78", "77", "76", "75", "74", "73", "72", "70",
                   "63", "62"]


class People:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.used_names = set()
        self.used_mobiles = set()

    def name(self, region):
        rng = self.rng
        for _ in range(1000):
            r = rng.random()
            female = rng.random() < 0.25
            if r < 0.05:
                pool = NAMES["muslim"]
                first = rng.choice(pool["female" if female else "male"])
                last = rng.choice(pool["surnames"])
            elif region == "RJ" and r < 0.20:
                if female:
                    first = rng.choice(NAMES["RJ"]["female"]) + " Kanwar"
                else:
                    first = rng.choice(NAMES["RJ"]["male"]).split(" ")[0] + " Singh"
                last = rng.choice(NAMES["RJ"]["rajput"])
            else:
                pool = NAMES[region]
                first = rng.choice(pool["female" if female else "male"])
                last = rng.choice(pool["surnames"])
            full = f"{first} {last}"
            if full not in self.used_names:
                self.used_names.add(full)
                return full
        raise RuntimeError("ran out of names")

    def mobile(self):
        while True:
            m = self.rng.choice(MOBILE_PREFIXES) + "".join(str(self.rng.randrange(10)) for _ in range(8))
            if m not in self.used_mobiles:
                self.used_mobiles.add(m)
                return m


# --------------------------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------------------------

def nfc(s):
    return unicodedata.normalize("NFC", s)


def slug(s):
    return re.sub(r"[^A-Za-z0-9]+", "-", s).strip("-").upper()


def uslug(s):
    return re.sub(r"[^a-z0-9]+", "", s.lower())


def build():
    jur = []        # dicts
    offices = []
    routing = []
    users = []
    state_of = {}   # district code -> state abbr

    # ---- jurisdictions -------------------------------------------------------------------
    def add_j(code, parent, level, en, hi):
        jur.append(dict(code=code, parent_code=parent or "", level=level, name_en=en, name_hi=hi))

    districts = []  # (code, abbr, en, hi)
    for scode, abbr, sen, shi in STATES:
        add_j(scode, None, "state", sen, shi)
        for d3, den, dhi in DISTRICTS[scode]:
            dcode = scode + d3
            add_j(dcode, scode, "district", den, dhi)
            districts.append((dcode, abbr, den, dhi))
            state_of[dcode] = abbr

    # Worked districts: subdivisions, blocks, municipalities, GPs, villages, wards.
    worked = {}  # dcode -> list of subdivisions: dict(code, en, hi, blocks=[(code,en,hi)], mc=...)
    for dcode, subs in WORKED.items():
        worked[dcode] = []
        for si, (sen, shi, blocks, mc) in enumerate(subs, 1):
            scode = f"{dcode}{si:02d}"
            add_j(scode, dcode, "subdivision", sen, shi)
            sd = dict(code=scode, en=sen, hi=shi, blocks=[], mc=None)
            for bi, (ben, bhi, gps) in enumerate(blocks, 1):
                bcode = f"{scode}{bi:02d}"
                add_j(bcode, scode, "block", ben, bhi)
                sd["blocks"].append((bcode, ben, bhi))
                for gi, (gen, ghi, villages) in enumerate(gps, 1):
                    gcode = f"{bcode}{gi:02d}"
                    add_j(gcode, bcode, "gram_panchayat", gen, ghi)
                    for vi, (ven, vhi) in enumerate(villages, 1):
                        add_j(f"{gcode}{vi:02d}", gcode, "village", ven, vhi)
            if mc:
                town_en, town_hi, body_en, body_hi, nwards = mc
                mcode = f"{scode}91"
                add_j(mcode, scode, "municipality", body_en, body_hi)
                for w in range(1, nwards + 1):
                    add_j(f"{mcode}{w:03d}", mcode, "ward", f"Ward {w}", f"वार्ड {w}")
                sd["mc"] = dict(code=mcode, town_en=town_en, town_hi=town_hi, en=body_en, hi=body_hi)
            worked[dcode].append(sd)

    # ---- offices -------------------------------------------------------------------------
    def title(dept, abbr, key, p="", ph="", m="", mh=""):
        en, hi = TITLES[dept][abbr][key]
        st = dict(STATES_BY_ABBR[abbr])
        return (en.format(p=p, m=m, s=st["en"]), hi.format(ph=ph, mh=mh, sh=st["hi"]))

    def add_o(code, dept, jcode, parent, level, names, nodal=False):
        offices.append(dict(code=code, department_code=dept, jurisdiction_code=jcode,
                            parent_code=parent or "", level=level, name_en=names[0], name_hi=names[1],
                            nodal="true" if nodal else "false"))
        return code

    dept_codes = [d[0] for d in DEPARTMENTS]
    state_office = {}  # (dept, abbr) -> code
    for scode, abbr, sen, shi in STATES:
        for dept in dept_codes:
            state_office[(dept, abbr)] = add_o(f"{dept}-{abbr}", dept, scode, None, 4,
                                               title(dept, abbr, 4), nodal=(dept == "GRIEVANCE"))

    dist_office = {}  # (dept, dcode) -> code
    dslug = {}
    for dcode, abbr, den, dhi in districts:
        dslug[dcode] = slug(den)
        for dept in dept_codes:
            key = 3
            if dept == "POLICE" and den in COMMISSIONERATES:
                key = "cp"
            code = add_o(f"{dept}-{dslug[dcode]}", dept, dcode, state_office[(dept, abbr)], 3,
                         title(dept, abbr, key, p=den, ph=dhi), nodal=(dept == "GRIEVANCE"))
            dist_office[(dept, dcode)] = code
            routing.append(dict(department_code=dept, category_code="", jurisdiction_code=dcode,
                                office_code=code))

    # Subdivision (L2) and field (L1) offices in worked districts.
    field_offices = []   # (dept, office code, place slug, kind, dcode)
    sub_offices = []     # (dept, office code, place slug, dcode)
    for dcode, sds in worked.items():
        abbr = state_of[dcode]
        ds = dslug[dcode]
        for sd in sds:
            ss = slug(sd["en"])
            for dept in MAIN_DEPTS:
                if dept == "ULB":
                    if not sd["mc"]:
                        continue
                    names = title(dept, abbr, 2, m=sd["mc"]["en"], mh=sd["mc"]["hi"])
                else:
                    names = title(dept, abbr, 2, p=sd["en"], ph=sd["hi"])
                l2 = add_o(f"{dept}-{ds}-SD-{ss}", dept, sd["code"], dist_office[(dept, dcode)], 2, names)
                sub_offices.append((dept, l2, uslug(sd["en"]), dcode))
                for bcode, ben, bhi in sd["blocks"]:
                    if dept not in BLOCK_DEPTS:
                        continue
                    code = add_o(f"{dept}-{ds}-BL-{slug(ben)}", dept, bcode, l2, 1,
                                 title(dept, abbr, 1, p=ben, ph=bhi))
                    field_offices.append((dept, code, uslug(ben), "block", dcode))
                    routing.append(dict(department_code=dept, category_code="", jurisdiction_code=bcode,
                                        office_code=code))
                mc = sd["mc"]
                if mc and dept in CITY_DEPTS:
                    code = add_o(f"{dept}-{ds}-MC-{slug(mc['town_en'])}", dept, mc["code"], l2, 1,
                                 title(dept, abbr, "city", p=mc["town_en"], ph=mc["town_hi"],
                                       m=mc["en"], mh=mc["hi"]))
                    field_offices.append((dept, code, uslug(mc["town_en"]), "city", dcode))
                    routing.append(dict(department_code=dept, category_code="", jurisdiction_code=mc["code"],
                                        office_code=code))
                    # Specialised offices of this department in this town.
                    for sdcode, sdept, suffix, en, hi, cats, usfx in SPECIAL_OFFICES:
                        if sdcode != dcode or sdept != dept:
                            continue
                        scode_ = add_o(f"{dept}-{ds}-MC-{slug(mc['town_en'])}-{suffix}", dept, mc["code"],
                                       l2, 1, (en, hi))
                        field_offices.append((dept, scode_, uslug(mc["town_en"]) + "." + usfx, "special",
                                              dcode))
                        for cat in cats:
                            routing.append(dict(department_code=dept, category_code=cat,
                                                jurisdiction_code=mc["code"], office_code=scode_))

    # ---- users ---------------------------------------------------------------------------
    people = People(20250101)
    worked_abbr = {d: state_of[d] for d in worked}

    def add_u(username, role, office="", jcode="", region="HR", full_name=None, mobile=True):
        users.append(dict(username=username, full_name=full_name or people.name(region), role=role,
                          office_code=office, jurisdiction_code=jcode,
                          mobile=people.mobile() if mobile else ""))

    add_u("admin", "admin", full_name="Nivaran Administrator", mobile=False)
    add_u("operator.rewari", "operator", jcode="06084", region="HR")
    add_u("operator.jaipur", "operator", jcode="08110", region="RJ")
    add_u("operator.jodhpur", "operator", jcode="08113", region="RJ")
    add_u("verifier", "verifier", region="HR")
    add_u("auditor", "auditor", region="RJ")
    add_u("supervisor.grievance.haryana", "supervisor", office=state_office[("GRIEVANCE", "HR")], region="HR")
    add_u("supervisor.grievance.rajasthan", "supervisor", office=state_office[("GRIEVANCE", "RJ")], region="RJ")
    for dcode in worked:
        dname = uslug(next(d[2] for d in districts if d[0] == dcode))
        add_u(f"officer.nodal.{dname}", "officer", office=dist_office[("GRIEVANCE", dcode)],
              region=worked_abbr[dcode])
    # State heads of the main departments (L4 supervisors, see escalated L3 cases).
    for scode, abbr, sen, shi in STATES:
        for dept in MAIN_DEPTS:
            add_u(f"supervisor.{dept.lower()}.{sen.lower()}", "supervisor", office=state_office[(dept, abbr)],
                  region=abbr)
    for dcode in worked:
        abbr = worked_abbr[dcode]
        dname = uslug(next(d[2] for d in districts if d[0] == dcode))
        for dept in MAIN_DEPTS:
            add_u(f"officer.{dept.lower()}.{dname}", "officer", office=dist_office[(dept, dcode)], region=abbr)
            add_u(f"supervisor.{dept.lower()}.{dname}", "supervisor", office=dist_office[(dept, dcode)],
                  region=abbr)
        for dept, code, place, d_ in sub_offices:
            if d_ != dcode:
                continue
            uname = f"supervisor.{dept.lower()}.{place}" + (".sd" if place == dname else "")
            add_u(uname, "supervisor", office=code, region=abbr)
        for dept, code, place, kind, d_ in field_offices:
            if d_ != dcode:
                continue
            if kind == "city":
                uname = f"officer.{dept.lower()}.{place}.city"
            elif kind == "block" and place == dname:
                uname = f"officer.{dept.lower()}.{place}.block"
            else:
                uname = f"officer.{dept.lower()}.{place}"
            add_u(uname, "officer", office=code, region=abbr)

    # ---- categories ----------------------------------------------------------------------
    categories = []
    for dept in dept_codes:
        for code, parent, kind, en, hi, days, rts in CATEGORIES[dept]:
            categories.append(dict(code=code, department_code=dept, parent_code=parent or "", kind=kind,
                                   name_en=en, name_hi=hi, deadline_days=days, rts="true" if rts else "false",
                                   synonyms=SYNONYMS.get(code, "")))

    # ---- holidays ------------------------------------------------------------------------
    hol = {}  # (state, date) -> [(en, hi)]
    for scode, abbr, sen, shi in STATES:
        keys = BOTH + (HR_ONLY if abbr == "HR" else RJ_ONLY)
        for year in YEARS:
            for key in keys:
                d = holiday_date(key, year)
                hol.setdefault((scode, d), []).append(H[key])
    holidays = []
    for (scode, d) in sorted(hol):
        names = hol[(scode, d)]
        holidays.append(dict(state_code=scode, date=d.isoformat(),
                             name_en=" / ".join(n[0] for n in names),
                             name_hi=" / ".join(n[1] for n in names)))

    departments = [dict(code=c, name_en=en, name_hi=hi) for c, en, hi in DEPARTMENTS]
    return dict(jurisdictions=jur, departments=departments, offices=offices, categories=categories,
                routing=routing, holidays=holidays, users=users)


# Words people use for a category (Hindi, English and Hinglish in Latin letters), so that the
# category search finds "पानी", "water" or "nal" under the water categories (issue 17, part 4).
# A category's subcategories are found by their parent's words too. Every category has its own,
# the specific words of its problem, which the category suggestion also learns from (part 3).
SYNONYMS = {
    "PHED-WS": "पानी; जल; नल; पेयजल; सप्लाई; water; tap; paani; pani; jal; nal; supply; पीने का पानी; जलापूर्ति; नल का पानी; पानी की सप्लाई; drinking water; water supply; peene ka paani; nal ka pani",
    "PHED-WS-NOSUP": "पानी नहीं आ रहा; नल में पानी नहीं; पानी बंद; सप्लाई बंद; नल सूखा; कई दिन से पानी नहीं; no water; water not coming; no water supply; paani nahi aa raha; pani nahi; nal me pani nahi; supply band; paani band",
    "PHED-WS-LOWP": "कम प्रेशर; पतली धार; पानी धीरे आता है; कम दबाव; थोड़ी देर पानी; पानी कम आता है; ऊपर पानी नहीं चढ़ता; low pressure; low water pressure; short supply; pressure kam; patli dhar; pani kam aata hai; thoda pani",
    "PHED-WS-DIRTY": "गंदा पानी; बदबूदार पानी; मटमैला पानी; दूषित पानी; पीला पानी; कीड़े वाला पानी; सीवर मिला पानी; बदबू वाला पानी; dirty water; contaminated water; smelly water; muddy water; ganda paani; kide wala paani; peela pani; badbu wala pani",
    "PHED-WS-LEAK": "पाइप लीक; पाइपलाइन लीकेज; पाइप फटा; पाइप फूटा; रिसाव; लीकेज; पानी बह रहा; वाल्व लीक; pipe leak; pipeline leakage; burst pipe; water leakage; pipe phat gaya; pipe toota; paani beh raha; leakage",
    "PHED-WS-TANKER": "टैंकर; पानी का टैंकर; टैंकर भेजो; जल संकट; पानी की किल्लत; टैंकर से पानी; water tanker; tanker; water scarcity; tanker bhejo; tanker chahiye; pani ki killat; paani ka tanker",
    "PHED-HP": "हैंडपंप; नलकूप; बोरवेल; ट्यूबवेल; handpump; hand pump; borewell; tubewell; nalkoop; हैंड पंप; हैण्डपम्प; नलका; bore; nalka",
    "PHED-HP-REPAIR": "हैंडपंप खराब; हैंडपंप टूटा; हैंडपंप से पानी नहीं; नलका खराब; हत्था टूटा; हैंडपंप मरम्मत; handpump kharab; handpump repair; hand pump not working; broken hand pump; handpump toota; nalka kharab; handpump se pani nahi; hattha toota",
    "PHED-HP-NEW": "नया हैंडपंप; हैंडपंप लगवाओ; हैंडपंप की मांग; हैंडपंप लगाना; नया नलका; new hand pump; new handpump; install hand pump; handpump lagwao; naya handpump; handpump chahiye; naya nalka",
    "PHED-HP-TW": "नलकूप बंद; ट्यूबवेल बंद; बूस्टर बंद; बूस्टर स्टेशन; मोटर जल गई; मोटर खराब; बोरवेल बंद; पंप हाउस; tubewell band; booster band; booster station; motor jal gayi; tube well not working; borewell not working; pump house; motor kharab",
    "PHED-CONN": "कनेक्शन; नल कनेक्शन; सीवर कनेक्शन; connection; tap connection; nal connection; जल कनेक्शन; पानी का कनेक्शन; water connection; pani connection",
    "PHED-CONN-WATER": "नया नल कनेक्शन; पानी का नया कनेक्शन; नल लगवाना; नल कनेक्शन आवेदन; हर घर जल; घरेलू जल कनेक्शन; new water connection; new tap connection; water connection apply; naya nal connection; pani ka connection; nal lagwana; har ghar jal",
    "PHED-CONN-SEWER": "नया सीवर कनेक्शन; सीवर कनेक्शन; सीवर लाइन जोड़ना; सीवरेज कनेक्शन; सीवर से जोड़ो; new sewer connection; sewer connection; sewerage connection; sewer line jodna; naya sewer connection; sewer connection apply; ghar ka sewer connection",
    "PHED-CONN-BILL": "पानी का बिल; पानी बिल ज्यादा; सीवरेज बिल; पानी का गलत बिल; जल बिल; पानी बिल गलत; water bill; wrong water bill; sewerage bill; excess water bill; pani ka bill; pani bill zyada; water bill galat; jal bill",
    "PHED-SEW": "सीवर; नाली; गटर; sewer; drain; gutter; nali; naali; सीवरेज; सीवर लाइन; sewerage; sewer line",
    "PHED-SEW-BLOCK": "सीवर जाम; सीवर ओवरफ्लो; सीवर चोक; सीवर का पानी सड़क पर; गटर उफान; गटर भरा; सीवर बंद; sewer block; sewer overflow; sewer choke; sewer jam; gutter overflow; sewer ka pani road par; gutter bhar gaya; choked sewer",
    "PHED-SEW-MANHOLE": "मैनहोल; खुला मैनहोल; टूटा ढक्कन; मैनहोल का ढक्कन; सीवर का ढक्कन; गटर का ढक्कन; ढक्कन गायब; manhole; open manhole; broken manhole cover; manhole cover; manhole khula; dhakkan toota; gutter ka dhakkan; dhakkan gayab",
    "PHED-SUG": "जल संरक्षण; वर्षा जल; water conservation; rainwater; jal sanrakshan; जल बचाओ; पानी बचाओ; रेन वाटर हार्वेस्टिंग; वर्षा जल संचयन; save water; rain water harvesting; pani bachao",
    "POWER-SUP": "बिजली; लाइट; कटौती; बिजली गुल; electricity; power; light; power cut; bijli; bijlee; batti; बिजली आपूर्ति; electricity supply; bijli supply; current",
    "POWER-SUP-OUT": "बिजली नहीं; बिजली गुल; बिजली नहीं आ रही; लाइट नहीं; लाइट गई; घंटों से बिजली नहीं; बत्ती गुल; no electricity; no power; power failure; bijli nahi; light nahi hai; light gayi; bijli gul; current nahi; batti gul",
    "POWER-SUP-VOLT": "कम वोल्टेज; लो वोल्टेज; वोल्टेज कम; वोल्टेज ऊपर नीचे; वोल्टेज उतार चढ़ाव; लाइट धीमी; हाई वोल्टेज; low voltage; voltage fluctuation; high voltage; voltage kam; voltage upar niche; light dhimi; fan dhire chalta; voltage problem",
    "POWER-SUP-CUT": "बिजली कटौती; अघोषित कटौती; बार बार बिजली जाना; बिना सूचना कटौती; लंबी कटौती; ट्रिपिंग; power cut; unscheduled power cut; load shedding; frequent power cut; bijli katauti; baar baar light jana; bina bataye cut; tripping",
    "POWER-SUP-AGRI": "कृषि फीडर; खेत की बिजली; ट्यूबवेल की बिजली; मोटर की बिजली; कृषि बिजली घंटे; सिंचाई के लिए बिजली; थ्री फेज; agriculture feeder; agri feeder; farm electricity; krishi feeder; khet ki bijli; tubewell ki light; three phase supply; kisan bijli",
    "POWER-TR": "ट्रांसफार्मर; तार; खंभा; पोल; transformer; wire; pole; taar; khamba; ट्रांसफॉर्मर; बिजली का खंभा; बिजली की लाइन; trafo; bijli ka khamba",
    "POWER-TR-BURNT": "ट्रांसफार्मर जला; ट्रांसफॉर्मर जल गया; ट्रांसफार्मर फुंक गया; ट्रांसफार्मर खराब; ट्रांसफार्मर फटा; ट्रांसफार्मर बदलो; ट्रांसफार्मर से तेल; burnt transformer; transformer burnt; transformer damaged; transformer jal gaya; transformer phuk gaya; transformer kharab; transformer blast; transformer badlo",
    "POWER-TR-NEW": "नया ट्रांसफार्मर; अतिरिक्त ट्रांसफार्मर; बड़ा ट्रांसफार्मर; ट्रांसफार्मर की क्षमता बढ़ाओ; ट्रांसफार्मर ओवरलोड; new transformer; additional transformer; transformer overload; higher capacity transformer; naya transformer; transformer lagwao; bada transformer; transformer chahiye",
    "POWER-TR-WIRE": "लटकते तार; ढीले तार; टूटा खंभा; तार टूटा; नंगे तार; झुका खंभा; तार नीचे लटक रहे; करंट का खतरा; hanging wire; loose wire; broken pole; taar latak raha; dheele taar; khamba toota; khamba jhuka; taar toot gaya",
    "POWER-TR-SHIFT": "खंभा हटाओ; खंभा शिफ्ट; लाइन शिफ्ट; तार हटाओ; घर के ऊपर से लाइन; खंभा रास्ते में; pole shifting; line shifting; shift pole; khamba hatao; line hatao; ghar ke upar se taar; pole shift karo; khamba beech raste me",
    "POWER-CONN": "बिजली कनेक्शन; मीटर कनेक्शन; electricity connection; bijli connection; मीटर लगवाना; बिजली का कनेक्शन; new connection; meter lagwana",
    "POWER-CONN-NEW": "नया बिजली कनेक्शन; बिजली कनेक्शन आवेदन; नया मीटर; घरेलू कनेक्शन; ट्यूबवेल कनेक्शन; new electricity connection; new meter; domestic connection; naya bijli connection; bijli connection chahiye; meter lagwana hai; tubewell connection",
    "POWER-CONN-LOAD": "लोड बढ़ाना; लोड कम करना; भार परिवर्तन; स्वीकृत भार; किलोवाट; लोड बदलना; load change; load enhancement; load extension; sanctioned load; load badhana; load kam karna; kw badhana",
    "POWER-CONN-NAME": "नाम बदलना; नाम परिवर्तन; कनेक्शन नाम ट्रांसफर; बिल में नाम; पिता के नाम से कनेक्शन; name change; name transfer; connection name change; naam badalna; bill me naam; naam transfer; meter naam change",
    "POWER-BILL": "बिल; मीटर; बिजली बिल; bill; meter; electricity bill; bijli bill; बिजली का बिल; bill zyada; meter reading",
    "POWER-BILL-EXCESS": "ज्यादा बिल; गलत बिल; बिल बहुत ज्यादा; औसत बिल; अधिक बिल; गलत रीडिंग; बिल सुधार; excess bill; wrong bill; high electricity bill; inflated bill; bill zyada aaya; galat bill; average bill; wrong reading; bill sudhar",
    "POWER-BILL-METER": "मीटर खराब; मीटर जला; मीटर तेज चलता; मीटर बंद; मीटर बदलो; डिफेक्टिव मीटर; मीटर फुंक गया; faulty meter; burnt meter; defective meter; meter jal gaya; meter kharab; meter tez chal raha; meter badlo; meter band",
    "POWER-BILL-NOBILL": "बिल नहीं आया; बिल नहीं मिला; बिल प्राप्त नहीं; कई महीने से बिल नहीं; बिल नहीं पहुंचा; bill not received; no bill; bill nahi aaya; bill nahi mila; bill nahi pahucha; mahino se bill nahi",
    "REV-LR": "जमीन; भूमि; खसरा; खतौनी; जमाबंदी; नामांतरण; इंतकाल; land; land record; jamabandi; khasra; intkal; mutation; पटवारी; जमीन का रिकॉर्ड; patwari; zameen",
    "REV-LR-MUT": "इंतकाल; नामांतरण; दाखिल खारिज; इंतकाल दर्ज नहीं; विरासत इंतकाल; वारिसान नाम चढ़ाना; mutation; land mutation; intkal; intkal nahi hua; namantaran; dakhil kharij; virasat; naam chadhana",
    "REV-LR-COPY": "जमाबंदी की नकल; फर्द की नकल; खतौनी की नकल; नकल; फर्द; खसरा नकल; जमाबंदी कॉपी; copy of jamabandi; record of rights; jamabandi copy; fard; nakal; khatauni copy; fard ki nakal",
    "REV-LR-DEM": "निशानदेही; पैमाइश; सीमांकन; जमीन नपवाना; हदबंदी; नाप; demarcation; land measurement; nishandehi; paimaish; zameen napwana; seemankan; hadbandi; naap",
    "REV-LR-ENCR": "सरकारी जमीन पर कब्जा; शामलात जमीन; पंचायती जमीन पर कब्जा; चारागाह पर कब्जा; गोचर भूमि; अवैध कब्जा; encroachment on government land; shamlat land; common land; sarkari zameen kabza; shamlat; gochar bhumi; charagah; panchayat land kabza",
    "REV-LR-PATH": "रास्ता बंद; रास्ता रोका; आम रास्ता; खेत का रास्ता; रास्ते पर कब्जा; रास्ता अवरुद्ध; public path blocked; rasta blocked; rasta band; aam rasta; khet ka rasta; rasta rok diya; raste par kabza; path blocked",
    "REV-CERT": "प्रमाण पत्र; जाति प्रमाण पत्र; निवास; आय प्रमाण पत्र; certificate; caste; domicile; income; praman patra; प्रमाणपत्र; सर्टिफिकेट; pramanpatra",
    "REV-CERT-CASTE": "जाति प्रमाण पत्र; जाति प्रमाणपत्र; एससी सर्टिफिकेट; ओबीसी सर्टिफिकेट; बीसी सर्टिफिकेट; अनुसूचित जाति प्रमाण पत्र; caste certificate; sc certificate; obc certificate; bc certificate; jati praman patra; caste cert; jati certificate",
    "REV-CERT-RES": "निवास प्रमाण पत्र; मूल निवास; मूल निवास प्रमाण पत्र; डोमिसाइल; रिहायशी प्रमाण पत्र; residence certificate; domicile certificate; domicile; niwas praman patra; mool niwas; residential certificate; bonafide resident",
    "REV-CERT-INC": "आय प्रमाण पत्र; आमदनी प्रमाण पत्र; आय प्रमाणपत्र; इनकम सर्टिफिकेट; वार्षिक आय; income certificate; aay praman patra; income cert; aamdani certificate; annual income certificate",
    "REV-CERT-EWS": "ईडब्ल्यूएस; ईडब्ल्यूएस सर्टिफिकेट; आर्थिक रूप से कमजोर; ईडब्ल्यूएस प्रमाण पत्र; सवर्ण आरक्षण; ews; ews certificate; economically weaker section; ews cert; ews praman patra; general ews",
    "REV-DIS": "बाढ़; सूखा; ओलावृष्टि; मुआवजा; flood; drought; hailstorm; compensation; muavza; आपदा; आपदा राहत; disaster; disaster relief; aapda",
    "REV-DIS-CROP": "गिरदावरी; फसल खराबा; फसल नुकसान; फसल मुआवजा; ओलावृष्टि से नुकसान; खराबे का मुआवजा; विशेष गिरदावरी; girdawari; crop loss; crop damage compensation; fasal kharaba; fasal nuksan; fasal muavza; ole padne se nuksan; kharaba",
    "REV-DIS-FLOOD": "बाढ़; जलभराव; बाढ़ राहत; बारिश से नुकसान; घर में पानी भरा; खेत में पानी भरा; flood; flood relief; waterlogging; baadh; jalbharav; barish se nuksan; ghar me pani bhar gaya; khet me pani bhara",
    "REV-DIS-EXGRATIA": "अनुग्रह राशि; आपदा में मृत्यु; मकान गिरा; मकान क्षति; बिजली गिरने से मौत; मकान ढहा; ex gratia; house collapse; death in disaster; anugrah rashi; makan gir gaya; ghar gir gaya; bijli girne se maut; house damage compensation",
    "REV-REG": "रजिस्ट्री; बैनामा; registry; registration; sale deed; रजिस्ट्री में देरी; रजिस्ट्री नहीं हो रही; तहसील; स्टांप; registry delay; stamp duty; registry nahi ho rahi; tehsil",
    "POL-CRIME": "चोरी; मारपीट; अपराध; धमकी; theft; fight; crime; threat; chori; police; झगड़ा; लूट; jhagda; maar peet; loot",
    "POL-CRIME-FIR": "एफआईआर दर्ज नहीं; रिपोर्ट दर्ज नहीं; मुकदमा दर्ज नहीं; थाने में सुनवाई नहीं; पुलिस रिपोर्ट नहीं लिख रही; fir not registered; fir refused; fir nahi likhi; report darj nahi; thane me sunwai nahi; police report nahi likh rahi; mukadma darj nahi; case not registered",
    "POL-CRIME-INV": "जांच में देरी; तफ्तीश; जांच नहीं हुई; आरोपी गिरफ्तार नहीं; चालान पेश नहीं; अनुसंधान; investigation delay; no action on fir; accused not arrested; jaanch nahi hui; taftish; aaropi giraftar nahi; fir par karwai nahi; investigation pending",
    "POL-CRIME-NUIS": "अवैध शराब; कच्ची शराब; नशा; स्मैक; चिट्टा; जुआ; सट्टा; illegal liquor; drugs; gambling; satta; kachi sharab; smack; chitta; nasha bikri",
    "POL-CRIME-CYBER": "साइबर ठगी; ऑनलाइन धोखाधड़ी; ओटीपी फ्रॉड; खाते से पैसे कटे; यूपीआई फ्रॉड; फर्जी कॉल; cyber fraud; online fraud; otp fraud; upi fraud; account se paise kat gaye; online thagi; fake call; cyber crime; fraud call",
    "POL-CRIME-MISB": "पुलिस दुर्व्यवहार; पुलिस ने मारा; पुलिस रिश्वत; पुलिस ने गाली दी; थानेदार; पुलिस बदतमीजी; police misbehaviour; police bribe; police harassment; police ne mara; police ne gali di; thanedar; police rishwat; police badtameezi",
    "POL-SVC": "पुलिस; एफआईआर; थाना; police; fir; thana; verification; पुलिस सत्यापन; police verification; saral",
    "POL-SVC-VERIF": "चरित्र प्रमाण पत्र; पुलिस वेरिफिकेशन; पुलिस क्लीयरेंस; चरित्र सत्यापन; कैरेक्टर सर्टिफिकेट; पासपोर्ट वेरिफिकेशन; character certificate; police clearance certificate; pcc; police verification; charitra praman patra; character verification; passport verification",
    "POL-SVC-TENANT": "किरायेदार सत्यापन; किरायेदार वेरिफिकेशन; नौकर सत्यापन; घरेलू नौकर; कामवाली सत्यापन; tenant verification; servant verification; domestic help verification; kirayedar verification; naukar verification; maid verification; kirayedar satyapan",
    "POL-TRAF": "जाम; ट्रैफिक; चालान; traffic; jam; challan; यातायात; पार्किंग; parking",
    "POL-TRAF-JAM": "ट्रैफिक जाम; रोज जाम; गलत पार्किंग; सड़क पर गाड़ियां खड़ी; अवैध पार्किंग; रास्ता जाम; traffic jam; wrong parking; illegal parking; congestion; roz jam lagta; galat parking; road par gadi khadi; jam lagna",
    "POL-TRAF-SIGNAL": "ट्रैफिक सिग्नल; लाल बत्ती; चौराहे पर पुलिस; ट्रैफिक पुलिस; ट्रैफिक लाइट; चौराहा; traffic signal; traffic light; traffic police; chauraha; signal lagao; red light; lal batti; traffic police chahiye",
    "HLT-HOSP": "अस्पताल; डॉक्टर; दवा; इलाज; hospital; doctor; medicine; dawai; ilaj; aspatal; सरकारी अस्पताल; पीएचसी; सीएचसी; phc; chc; sarkari aspatal",
    "HLT-HOSP-DOC": "डॉक्टर नहीं; डॉक्टर गायब; डॉक्टर अनुपस्थित; डॉक्टर नहीं बैठते; ओपीडी बंद; डाक्टर नहीं मिलता; doctor absent; doctor not available; no doctor; doctor nahi; doctor gayab; opd band; doctor nahi baithte; daktar nahi",
    "HLT-HOSP-MED": "दवाई नहीं; मुफ्त दवा नहीं; दवा बाहर से; दवा खत्म; निःशुल्क दवा; दवा काउंटर; medicine not available; free medicine; no medicine; dawai nahi; dawa bahar se; muft dawa; dawa khatam; nishulk dawa",
    "HLT-HOSP-CLEAN": "अस्पताल में गंदगी; वार्ड गंदा; अस्पताल का शौचालय गंदा; अस्पताल में कचरा; बेड की चादर गंदी; dirty hospital; unclean ward; hospital garbage; hospital me gandagi; ward ganda; hospital toilet ganda; chadar gandi; hospital safai",
    "HLT-HOSP-MISB": "अस्पताल स्टाफ दुर्व्यवहार; नर्स ने डांटा; कंपाउंडर बदतमीजी; अस्पताल में रिश्वत; मरीज से बदतमीजी; hospital staff misbehaviour; rude nurse; hospital bribe; nurse ne danta; staff badtameezi; hospital rishwat; marij se badtameezi; compounder",
    "HLT-HOSP-AMB": "एम्बुलेंस; एंबुलेंस; 108; एम्बुलेंस नहीं आई; एम्बुलेंस देर से; एंबुलेंस लेट; ambulance; ambulance late; ambulance not reached; ambulance nahi aayi; ambulance der se; 108 call; emergency vehicle",
    "HLT-SCH": "आयुष्मान; चिरंजीवी; स्वास्थ्य योजना; ayushman; chiranjeevi; health scheme; स्वास्थ्य बीमा; health insurance; bima",
    "HLT-SCH-AYUSH": "आयुष्मान कार्ड; आयुष्मान भारत; गोल्डन कार्ड; क्लेम रिजेक्ट; इलाज का क्लेम; चिरायु; ayushman card; ayushman bharat; golden card; pmjay; claim rejected; ayushman card nahi bana; chirayu; cashless ilaj",
    "HLT-SCH-JSY": "जननी सुरक्षा; जननी सुरक्षा योजना; जेएसवाई; प्रसव राशि; डिलीवरी का पैसा; मातृत्व; janani suraksha; jsy; jsy payment; delivery ka paisa; prasav rashi; matru vandana; pregnancy payment",
    "HLT-BD": "जन्म प्रमाण पत्र; मृत्यु प्रमाण पत्र; birth certificate; death certificate; janm; mrityu; जन्म मृत्यु पंजीकरण; janm mrityu panjikaran; birth death registration",
    "HLT-BD-BIRTH": "जन्म प्रमाण पत्र; जन्म प्रमाणपत्र; बर्थ सर्टिफिकेट; जन्म पंजीकरण; बच्चे का जन्म प्रमाण; जन्म तिथि सुधार; birth certificate; birth registration; janm praman patra; birth cert; bache ka birth certificate; janm tithi sudhar",
    "HLT-BD-DEATH": "मृत्यु प्रमाण पत्र; मृत्यु प्रमाणपत्र; डेथ सर्टिफिकेट; मृत्यु पंजीकरण; मौत का सर्टिफिकेट; death certificate; death registration; mrityu praman patra; death cert; maut ka certificate; mrityu panjikaran",
    "HLT-DIVCERT": "विकलांग; दिव्यांग; यूडीआईडी; disability; handicapped; udid; divyang; विकलांगता प्रमाण पत्र; दिव्यांगता प्रमाण पत्र; मेडिकल बोर्ड; यूडीआईडी कार्ड; disability certificate; udid card; medical board; viklang certificate; divyang praman patra",
    "HLT-VEC": "मच्छर; डेंगू; मलेरिया; फॉगिंग; mosquito; dengue; malaria; fogging; machhar; फॉगिंग नहीं; मच्छर बहुत; दवा छिड़काव; चिकनगुनिया; machhar bahut; fogging nahi; spray; chikungunya; dawai chhidkav",
    "HLT-FOODSAFE": "मिलावट; नकली; adulteration; fake food; milawat; मिलावटी दूध; नकली घी; मिलावटी खाना; एक्सपायरी सामान; सड़ा खाना; adulterated milk; expired food; nakli ghee; milawati doodh; food safety",
    "HLT-NEW": "नया अस्पताल; उप स्वास्थ्य केंद्र; new hospital; health centre; dispensary; नया स्वास्थ्य केंद्र; सब सेंटर; डिस्पेंसरी; पीएचसी की मांग; sub centre; phc chahiye; naya aspatal; new phc",
    "EDU-SCH": "स्कूल; विद्यालय; कमरा; शौचालय; school; classroom; toilet; vidyalaya; स्कूल भवन; school building; sarkari school",
    "EDU-SCH-BLDG": "जर्जर भवन; स्कूल की छत टपकती; कमरे टूटे; स्कूल की दीवार टूटी; जर्जर कमरे; स्कूल भवन गिरने वाला; चारदीवारी; dilapidated school; school roof leaking; broken classroom; jarjar bhawan; school ki chhat tapakti; kamre toote; boundary wall; school building kharab",
    "EDU-SCH-WATER": "स्कूल में पानी नहीं; स्कूल में शौचालय नहीं; लड़कियों का शौचालय; स्कूल टॉयलेट; स्कूल में पीने का पानी; वाटर कूलर; no toilet in school; no water in school; school toilet; girls toilet; school me pani nahi; school me toilet nahi; water cooler; ladkiyon ka shauchalay",
    "EDU-SCH-UPG": "स्कूल अपग्रेड; क्रमोन्नयन; स्कूल को बारहवीं तक; सीनियर सेकेंडरी; स्कूल का दर्जा बढ़ाओ; दसवीं तक; upgrade school; school upgradation; kramonnayan; school 12th tak; senior secondary; high school banao; school upgrade karo",
    "EDU-TCH": "अध्यापक; मास्टर; शिक्षक; teacher; master; adhyapak; गुरुजी; मास्टरजी; guruji; masterji",
    "EDU-TCH-ABS": "मास्टर नहीं आता; शिक्षक गैरहाजिर; अध्यापक अनुपस्थित; टीचर स्कूल नहीं आते; मास्टर गायब; पढ़ाई नहीं होती; teacher absent; teacher not coming; teacher nahi aata; master gayab; master nahi aata; padhai nahi hoti; teacher gairhazir",
    "EDU-TCH-SHORT": "शिक्षकों की कमी; टीचर नहीं है; पद खाली; एक ही शिक्षक; विषय का अध्यापक नहीं; रिक्त पद; teacher shortage; vacant post; no teacher; single teacher school; teacher ki kami; subject teacher nahi; post khali; master ki kami",
    "EDU-TCH-SAL": "शिक्षक वेतन; वेतन नहीं मिला; तनख्वाह नहीं; एरियर; बकाया वेतन; टीचर सैलरी; teacher salary; salary pending; arrears; salary not paid; tankhwah nahi; vetan nahi mila; teacher salary nahi; bakaya vetan",
    "EDU-STU": "छात्र; विद्यार्थी; मिड डे मील; वर्दी; student; mid day meal; uniform; chhatra; छात्राएं; किताबें; books; students",
    "EDU-STU-SCHOL": "छात्रवृत्ति नहीं मिली; वजीफा नहीं आया; स्कॉलरशिप; प्री मैट्रिक छात्रवृत्ति; स्कूल वजीफा; scholarship not received; pre matric scholarship; school scholarship; wazifa nahi aaya; chhatravritti nahi mili; scholarship pending; vajifa",
    "EDU-STU-MDM": "मिड डे मील; दोपहर का भोजन; खाना खराब; खाने में कीड़े; पोषाहार; मिड डे मील घटिया; mid day meal; mdm; poor quality meal; khane me kide; khana ganda; poshahar; midday meal; dopahar ka bhojan",
    "EDU-STU-RTE": "आरटीई; आरटीई दाखिला; 25 प्रतिशत सीट; शिक्षा का अधिकार; प्राइवेट स्कूल में फ्री दाखिला; निशुल्क प्रवेश; rte; rte admission; right to education; free seat; rte daakhila; 134a; private school free admission; 25 percent seat",
    "EDU-STU-FEE": "ज्यादा फीस; फीस वृद्धि; प्राइवेट स्कूल फीस; मनमानी फीस; डोनेशन; किताबें स्कूल से खरीदना; excess fee; fee hike; private school fee; donation; fees zyada; manmani fees; fee badha di; annual charges",
    "EDU-SUG": "शिक्षा सुधार; school improvement; shiksha; पढ़ाई सुधार; स्कूल सुधार; शिक्षा सुझाव; education suggestion; padhai sudhar",
    "PWD-ROAD": "सड़क; रोड; गड्ढा; मरम्मत; road; pothole; repair; sadak; sarak; gaddha; सड़कें; सडक; roads",
    "PWD-ROAD-DAMAGE": "टूटी सड़क; गड्ढे; सड़क में गड्ढे; सड़क टूट गई; उखड़ी सड़क; सड़क धंस गई; broken road; damaged road; potholes; pothole; road toot gayi; sadak me gaddhe; gaddhe wali sadak; road kharab; sadak dhans gayi",
    "PWD-ROAD-NEW": "नई सड़क; सड़क बनवाओ; कच्चा रास्ता पक्का; सड़क निर्माण; संपर्क सड़क; नया रोड; new road; road construction; link road; nayi sadak; sadak banwao; kaccha rasta pakka; pakki sadak chahiye; sadak nirman",
    "PWD-ROAD-WIDEN": "सड़क चौड़ी; चौड़ीकरण; सड़क संकरी; सड़क चौड़ी करो; फोरलेन; road widening; widen road; narrow road; sadak chaudi karo; chaudikaran; sadak sankri; four lane; road chauda",
    "PWD-ROAD-QUAL": "घटिया सड़क; घटिया निर्माण; ठेकेदार; सड़क कुछ दिन में टूटी; पतली परत; घटिया सामग्री; poor quality road; substandard work; contractor; ghatiya sadak; ghatiya kaam; thekedar; nayi sadak toot gayi; kam material",
    "PWD-BRIDGE": "पुल; पुलिया; bridge; culvert; pul; puliya; पुल टूटा; पुलिया टूटी; पुलिया धंसी; broken bridge; pul toota; puliya tooti",
    "PWD-BLDG": "भवन; इमारत; building; bhawan; सरकारी भवन; भवन मरम्मत; छत टपकना; government building repair; sarkari building; chhat tapakna",
    "PWD-SUG": "सड़क सुरक्षा; दुर्घटना; road safety; accident; speed breaker; स्पीड ब्रेकर; रोड सेफ्टी; सड़क दुर्घटना; ब्लैक स्पॉट; speed breaker lagao; black spot; durghatna",
    "ULB-SAN": "सफाई; कचरा; कूड़ा; गंदगी; safai; kachra; kooda; garbage; cleaning; dustbin; सफाई कर्मचारी; sanitation; gandagi",
    "ULB-SAN-GARB": "कचरा नहीं उठा; कूड़ा नहीं उठाया; कूड़े का ढेर; कचरा गाड़ी नहीं आई; डोर टू डोर कचरा; कूड़ादान भरा; garbage not lifted; garbage pile; kachra nahi utha; kooda ka dher; kachra gadi nahi aayi; door to door garbage; dustbin full; kude ka dher",
    "ULB-SAN-DRAIN": "नाली जाम; नाली ओवरफ्लो; नाली साफ नहीं; नाला जाम; नाली चोक; नाली का पानी सड़क पर; गंदा नाला; blocked drain; drain overflow; clogged drain; nali jam; naali band; nali saaf karo; naala jam; nali ka pani gali me",
    "ULB-SAN-SWEEP": "झाड़ू नहीं लगी; सफाई कर्मचारी नहीं आया; गली की सफाई नहीं; सड़क पर झाड़ू; सफाईकर्मी गायब; street not swept; no sweeping; sweeper absent; jhadu nahi lagi; safai karmchari nahi aaya; gali ki safai nahi; sweeper nahi aata; safai wala",
    "ULB-SAN-DEAD": "मरा जानवर; मृत पशु; मरी गाय; मरा कुत्ता; लाश पड़ी; मरा हुआ पशु उठाओ; dead animal; dead cow; dead dog; carcass; mara janwar; mari gaay; mara kutta; mrit pashu",
    "ULB-SAN-TOILET": "सार्वजनिक शौचालय; सुलभ शौचालय; पब्लिक टॉयलेट; शौचालय गंदा; शौचालय बंद; पेशाबघर; public toilet; community toilet; public toilet dirty; sulabh; toilet band; mutralay; peshabghar; public toilet closed",
    "ULB-SL": "स्ट्रीट लाइट; बत्ती; लाइट; street light; streetlight; batti; खंभे की लाइट; lamp; khambe ki light",
    "ULB-SL-OFF": "स्ट्रीट लाइट बंद; स्ट्रीट लाइट खराब; गली की लाइट बंद; खंभे की बत्ती बंद; अंधेरा; लाइट दिन में जलती; street light not working; street light off; dark street; street light band; gali ki light band; street light kharab; andhera; light din me jalti",
    "ULB-SL-NEW": "नई स्ट्रीट लाइट; स्ट्रीट लाइट लगवाओ; गली में लाइट नहीं; नई लाइट लगाओ; हाई मास्ट; new street light; install street light; high mast; street light lagwao; nayi street light; gali me light lagao; light chahiye gali me",
    "ULB-ENC": "अतिक्रमण; कब्जा; encroachment; kabza; atikraman; फुटपाथ पर कब्जा; रेहड़ी; सड़क पर कब्जा; footpath encroachment; rehri; thela",
    "ULB-ANIM": "गाय; आवारा; कुत्ता; पशु; बंदर; cow; cattle; dog; monkey; awara; kutta; आवारा कुत्ते; आवारा गाय; सांड; बेसहारा पशु; stray dogs; stray cattle; saand; bandar",
    "ULB-SVC": "नगर निगम; नगर पालिका; municipality; municipal; nagar nigam; नगर परिषद; nagar parishad; nagar palika",
    "ULB-SVC-PROP": "प्रॉपर्टी आईडी; प्रोपर्टी आईडी; संपत्ति कर; हाउस टैक्स; प्रॉपर्टी टैक्स; आईडी में गलती; property id; property tax; house tax; property id correction; property id galat; ptax; property tax wrong; pid",
    "ULB-SVC-BPLAN": "नक्शा पास; भवन नक्शा; बिल्डिंग प्लान; नक्शा स्वीकृति; नक्शा मंजूरी; building plan; building plan approval; map approval; naksha pass; naksha manzoori; bhawan naksha; map pass",
    "ULB-SVC-TRADE": "ट्रेड लाइसेंस; व्यापार लाइसेंस; दुकान लाइसेंस; ट्रेड लाइसेंस नवीनीकरण; व्यवसाय लाइसेंस; trade licence; trade license; shop licence; business license; dukan license; licence renewal; vyapar license",
    "ULB-SVC-NDC": "एनडीसी; अदेय प्रमाण पत्र; नो ड्यूज; अनापत्ति; बकाया नहीं प्रमाण; ndc; no dues certificate; no dues; no due certificate; ndc nahi mili; ndc portal; adey praman patra",
    "ULB-SVC-ILLEGAL": "अवैध निर्माण; बिना नक्शा निर्माण; अवैध कॉलोनी; अनधिकृत निर्माण; अवैध मंजिल; illegal construction; unauthorised construction; illegal colony; avaidh nirman; bina naksha makaan; illegal building; extra floor; unauthorized construction",
    "ULB-SUG": "स्वच्छता; शहर; cleanliness; swachhta; साफ शहर; स्वच्छ सर्वेक्षण; clean city; swachh survekshan; saaf shahar",
    "SOC-PEN": "पेंशन; वृद्धावस्था; विधवा; pension; old age; widow; budhapa; vridha; पेन्शन; सामाजिक सुरक्षा; social security; penshan",
    "SOC-PEN-OLD": "वृद्धावस्था पेंशन; बुढ़ापा पेंशन; बुजुर्ग पेंशन; वृद्ध पेंशन; 60 साल पेंशन; old age pension; senior citizen pension; budhapa pension; vridha pension; bujurg pension; oap; old age samman",
    "SOC-PEN-WIDOW": "विधवा पेंशन; निराश्रित महिला पेंशन; परित्यक्ता पेंशन; विधवा; एकल नारी पेंशन; widow pension; destitute women pension; vidhwa pension; bewa pension; ekal nari pension; pati ki mrityu pension",
    "SOC-PEN-DIV": "दिव्यांग पेंशन; विकलांग पेंशन; अपंग पेंशन; दिव्यांगता पेंशन; handicapped pension; disability pension; divyang pension; viklang pension; apang pension; pwd pension",
    "SOC-PEN-STOP": "पेंशन बंद; पेंशन नहीं आई; पेंशन रुकी; पेंशन कटी; कई महीने से पेंशन नहीं; पेंशन खाते में नहीं; pension stopped; pension not received; pension band; pension nahi aayi; pension ruk gayi; pension kat gayi; pension khate me nahi",
    "SOC-DIVAID": "ट्राइसाइकिल; व्हीलचेयर; सुनने की मशीन; tricycle; wheelchair; hearing aid; ट्राई साइकिल; कान की मशीन; श्रवण यंत्र; बैसाखी; कृत्रिम अंग; crutches; artificial limb; kan ki machine",
    "SOC-MARR": "शगुन; कन्यादान; विवाह; shagun; kanyadan; marriage; shaadi; शादी शगुन; विवाह सहायता; शगुन योजना; shadi shagun; marriage assistance; vivah sahayata",
    "SOC-SCHOL": "छात्रवृत्ति; वजीफा; scholarship; wazifa; chhatravritti; पोस्ट मैट्रिक; एससी छात्रवृत्ति; post matric; sc scholarship; obc scholarship",
    "FOOD-RC": "राशन कार्ड; ration card; ration; राशनकार्ड; परिवार पहचान पत्र; ppp; rashan card; family id",
    "FOOD-RC-NEW": "नया राशन कार्ड; राशन कार्ड बनवाना; राशन कार्ड आवेदन; राशन कार्ड नहीं बना; बीपीएल कार्ड; new ration card; ration card apply; bpl card; naya ration card; ration card banwana; ration card nahi bana; ration card chahiye",
    "FOOD-RC-MEMBER": "सदस्य जोड़ना; नाम जोड़ना; नाम हटाना; बहू का नाम; बच्चे का नाम जोड़ना; यूनिट जोड़ना; add member; remove member; member add; naam jodna; naam katwana; bahu ka naam; bache ka naam jodna; unit badhana",
    "FOOD-RC-CUT": "एनएफएसए; खाद्य सुरक्षा सूची; सूची से नाम कटा; नाम हटा दिया; राशन बंद; खाद्य सुरक्षा; nfsa; food security list; name removed; naam kat gaya; list se naam hataya; khadya suraksha; nfsa se bahar; ration card cancel",
    "FOOD-DIST": "राशन; गेहूं; डिपो; कोटा; ration; wheat; depot; gehun; डिपो होल्डर; पीडीएस; pds; depot holder; rashan",
    "FOOD-DIST-DENIED": "राशन नहीं दिया; राशन नहीं मिला; डिपो वाला मना करता; अंगूठा नहीं लगा; पोस मशीन; डीलर ने राशन नहीं दिया; ration not given; ration denied; ration nahi mila; depot wala mana karta; dealer ne ration nahi diya; angutha nahi laga; pos machine; gehun nahi mila",
    "FOOD-DIST-WEIGHT": "कम तौल; कम राशन; घटिया गेहूं; सड़ा अनाज; तौल में कमी; कंकड़ वाला गेहूं; less weight; short weight; poor quality ration; rotten grain; kam taul; kam tolna; ghatiya gehun; sada anaaj; kankad wala gehun",
    "FOOD-DIST-CLOSED": "डिपो बंद; राशन दुकान बंद; डिपो नहीं खुलता; डिपो का समय; दुकान पर ताला; ration depot closed; ration shop closed; depot band; depot nahi khulta; ration dukan band; kota band; fair price shop closed",
    "FOOD-CONS": "एमआरपी; ज्यादा दाम; mrp; overcharging; overprice; अधिक कीमत; प्रिंट रेट से ज्यादा; कोल्ड ड्रिंक ज्यादा दाम; zyada daam; more than mrp; print rate",
    "AGRI-INP": "खाद; बीज; यूरिया; डीएपी; fertiliser; fertilizer; seed; urea; dap; khad; beej; कीटनाशक; pesticide; keetnashak",
    "AGRI-INP-FERT": "खाद की कमी; यूरिया नहीं; डीएपी नहीं; खाद नहीं मिल रहा; खाद की लाइन; खाद की कालाबाजारी; fertiliser shortage; urea shortage; dap shortage; khad nahi mil raha; urea nahi; dap nahi mila; khad ki line; khad kalabazari",
    "AGRI-INP-SEED": "घटिया बीज; नकली बीज; बीज नहीं उगा; नकली दवाई; नकली कीटनाशक; घटिया कीटनाशक; fake seed; substandard seed; fake pesticide; spurious pesticide; nakli beej; beej nahi uga; nakli dawai; ghatiya beej",
    "AGRI-SCH": "किसान; फसल बीमा; सम्मान निधि; kisan; farmer; crop insurance; fasal; किसान योजना; मेरी फसल मेरा ब्यौरा; kisan yojana; farmer scheme",
    "AGRI-SCH-PMFBY": "फसल बीमा; बीमा क्लेम; पीएमएफबीवाई; फसल बीमा क्लेम नहीं मिला; बीमा कंपनी; प्रीमियम कटा; crop insurance; pmfby; insurance claim; fasal bima; bima claim; bima nahi mila; premium kata; crop insurance claim",
    "AGRI-SCH-KISAN": "पीएम किसान; किसान सम्मान निधि; किस्त नहीं आई; 2000 रुपये; सम्मान निधि; pm kisan; kisan samman nidhi; instalment not received; kist nahi aayi; samman nidhi; 2000 nahi aaye; pm kisan kist; pmkisan ekyc",
    "AGRI-SCH-MACH": "कृषि यंत्र; ट्रैक्टर अनुदान; यंत्र सब्सिडी; कृषि मशीनरी; रोटावेटर; स्प्रिंकलर; farm machinery subsidy; tractor subsidy; machinery subsidy; krishi yantra; rotavator; sprinkler; yantra anudan; subsidy nahi mili",
    "AGRI-SCH-SOIL": "मिट्टी जांच; मृदा स्वास्थ्य कार्ड; सॉयल हेल्थ कार्ड; मिट्टी परीक्षण; मिट्टी का नमूना; soil testing; soil health card; soil test; mitti jaanch; mitti pariksha; mrida card; soil sample",
    "AGRI-SUG": "फसल; खेती; crop; farming; kheti; फसल विविधीकरण; बागवानी; crop diversification; horticulture; fasal badlav",
    "PAN-MGN": "नरेगा; मजदूरी; जॉब कार्ड; nrega; mgnrega; wages; job card; mazdoori; मनरेगा; manrega; narega",
    "PAN-MGN-WAGE": "नरेगा मजदूरी नहीं मिली; मनरेगा पैसा नहीं आया; मजदूरी बकाया; मेट; मस्टर रोल; मजदूरी का भुगतान; nrega wages not paid; mgnrega payment; wages pending; nrega paisa nahi aaya; mazdoori nahi mili; muster roll; nrega bhugtan",
    "PAN-MGN-JOBCARD": "जॉब कार्ड; जॉबकार्ड; नरेगा कार्ड; जॉब कार्ड नहीं बना; जॉब कार्ड में नाम; job card; jobcard; nrega card; job card nahi bana; new job card; job card me naam; naya job card",
    "PAN-MGN-WORK": "नरेगा में काम; काम की मांग; काम नहीं मिला; 100 दिन का काम; रोजगार; nrega work; work demand; employment; kaam chahiye; nrega me kaam; kaam nahi mila; 100 din rozgar; rozgar",
    "PAN-PMAY": "आवास; मकान; किस्त; awas; house; instalment; makaan; kist; प्रधानमंत्री आवास; पीएम आवास; आवास योजना; मकान की किस्त; pm awas; pmay; pmay g; awas yojana; makan ki kist; pakka makaan",
    "PAN-VIL": "गांव; ग्राम; गली; नाली; village; gaon; gali; ग्राम पंचायत; gram panchayat; gaon ka vikas",
    "PAN-VIL-DRAIN": "गांव में जलभराव; गली में पानी भरा; गंदे पानी की निकासी; फिरनी पर पानी; पानी निकासी; कीचड़; waterlogging in village; drainage in village; gali me pani bhara; pani nikasi; gande pani ki nikasi; keechad; gaon me jalbharav; nikasi nahi",
    "PAN-VIL-STREET": "गली पक्की; खड़ंजा; इंटरलॉकिंग; कच्ची गली; गली बनवाओ; सीसी रोड; फिरनी; paving street; village street; gali pakki karo; kharanja; interlocking; kacchi gali; cc road; phirni",
    "PAN-VIL-POND": "तालाब; जोहड़; तालाब की सफाई; तालाब गंदा; जोहड़ की खुदाई; पोखर; village pond; pond cleaning; talab; johad; talab ki safai; johad ki khudai; pokhar; talab ganda",
    "PAN-VIL-SBM": "स्वच्छ भारत; शौचालय नहीं बना; शौचालय की राशि; एसबीएम; घर में शौचालय; शौचालय अनुदान; swachh bharat mission; sbm; toilet subsidy; shauchalay nahi bana; toilet ka paisa; ghar me toilet; izzat ghar",
    "PAN-FUND": "सरपंच; पंचायत; भ्रष्टाचार; sarpanch; panchayat; corruption; पंचायत फंड; सरपंच घोटाला; ग्राम सचिव; फर्जी बिल; panchayat fund; sarpanch ghotala; gram sachiv; misuse of funds; ghotala",
    "TRN-LIC": "लाइसेंस; ड्राइविंग लाइसेंस; आरसी; licence; license; driving licence; rc; आरटीओ; परिवहन विभाग; rto; transport office",
    "TRN-LIC-DL": "ड्राइविंग लाइसेंस; डीएल; लर्निंग लाइसेंस; डीएल नवीनीकरण; डीएल नहीं बना; ड्राइविंग टेस्ट; driving licence; driving license; dl; learner licence; dl renewal; dl nahi bana; driving test; licence banwana",
    "TRN-LIC-RC": "आरसी; गाड़ी का पंजीकरण; वाहन पंजीकरण; आरसी नहीं मिली; नंबर प्लेट; आरसी कार्ड; rc; vehicle registration; registration certificate; rc nahi mili; gadi ka registration; number plate; rc card; hsrp",
    "TRN-LIC-TRANSFER": "गाड़ी ट्रांसफर; नाम ट्रांसफर; स्वामित्व हस्तांतरण; वाहन ट्रांसफर; पुरानी गाड़ी खरीदी; ownership transfer; vehicle transfer; rc transfer; gadi transfer; gadi naam transfer; gadi apne naam; second hand vehicle; owner change",
    "TRN-BUS": "बस; रोडवेज; bus; roadways; बसें; hry roadways; rsrtc; buses",
    "TRN-BUS-STOP": "बस नहीं रुकती; बस स्टॉप पर नहीं रुकी; बस सीधी निकल जाती; स्टॉपेज; बस अड्डे पर नहीं रुकती; bus does not stop; bus not stopping; bus nahi rukti; bus stop par nahi ruki; stoppage; bus seedhi nikal jati; driver bus nahi rokta",
    "TRN-BUS-ROUTE": "नया बस रूट; बस चलाओ; बस के फेरे; गांव में बस; ज्यादा बसें; बस सेवा; new bus route; more bus trips; bus service; naya route; bus chalao; gaon me bus; bus ke phere; zyada bus",
    "TRN-BUS-MISB": "कंडक्टर बदतमीजी; ड्राइवर ने बदतमीजी; परिचालक; चालक; टिकट नहीं दी; ज्यादा किराया; conductor misbehaviour; rude conductor; bus driver misbehaviour; conductor badtameezi; ticket nahi di; zyada kiraya; driver rash driving; bus staff",
    "TRN-OVERLOAD": "ओवरलोड; अवैध वाहन; overload; illegal vehicle; ओवरलोड ट्रक; अवैध सवारी; डग्गामार; ओवरलोडिंग; overloaded truck; overloading; illegal taxi; doggamar",
    "GRV-OTHER": "अन्य; other; misc; अन्य समस्या; सामान्य शिकायत; अवर्गीकृत; other issue; miscellaneous; anya",
    "GRV-SUG": "सुझाव; suggestion; sujhav; सलाह; सरकार को सुझाव; राय; salah; suggestion to government",
}


STATES_BY_ABBR = {abbr: {"code": c, "en": en, "hi": hi} for c, abbr, en, hi in STATES}

COLUMNS = {
    "jurisdictions": ["code", "parent_code", "level", "name_en", "name_hi"],
    "departments": ["code", "name_en", "name_hi"],
    "offices": ["code", "department_code", "jurisdiction_code", "parent_code", "level", "name_en", "name_hi",
                "nodal"],
    "categories": ["code", "department_code", "parent_code", "kind", "name_en", "name_hi", "deadline_days",
                   "rts", "synonyms"],
    "routing": ["department_code", "category_code", "jurisdiction_code", "office_code"],
    "holidays": ["state_code", "date", "name_en", "name_hi"],
    "users": ["username", "full_name", "role", "office_code", "jurisdiction_code", "mobile"],
}


def write(data):
    for name, cols in COLUMNS.items():
        path = os.path.join(OUT, f"{name}.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            w.writerow(cols)
            for row in data[name]:
                w.writerow([nfc(str(row[c])) for c in cols])


# --------------------------------------------------------------------------------------------
# Validation (reads the CSV files back)
# --------------------------------------------------------------------------------------------

JUR_PARENT = {"state": None, "district": {"state"}, "subdivision": {"district"},
              "block": {"subdivision"}, "municipality": {"subdivision"}, "gram_panchayat": {"block"},
              "ward": {"municipality"}, "village": {"gram_panchayat"}}
LATIN = re.compile(r"[A-Za-z]")
DEVANAGARI = re.compile(r"[\u0900-\u097F]")


def read(name):
    path = os.path.join(OUT, f"{name}.csv")
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    if header != COLUMNS[name]:
        raise SystemExit(f"{name}.csv: header {header} != {COLUMNS[name]}")
    return [dict(zip(header, r), _line=i) for i, r in enumerate(body, 2) if len(r) == len(header)] , \
        [i for i, r in enumerate(body, 2) if len(r) != len(header)]


def validate():
    errors = []

    def err(name, line, msg):
        errors.append(f"{name}.csv:{line}: {msg}")

    tables = {}
    for name in COLUMNS:
        rows, bad = read(name)
        for line in bad:
            err(name, line, "wrong number of fields")
        tables[name] = rows
        for r in rows:
            for k, v in r.items():
                if k == "_line":
                    continue
                if v != unicodedata.normalize("NFC", v):
                    err(name, r["_line"], f"{k} is not NFC")
                if v != v.strip():
                    err(name, r["_line"], f"{k} has surrounding whitespace")
            if "name_hi" in r:
                if not DEVANAGARI.search(r["name_hi"]):
                    err(name, r["_line"], "name_hi has no Devanagari")
                if LATIN.search(r["name_hi"]):
                    err(name, r["_line"], f"name_hi contains Latin letters: {r['name_hi']}")
            if "name_en" in r and (not r["name_en"] or DEVANAGARI.search(r["name_en"])):
                err(name, r["_line"], "name_en empty or not English")

    def unique(name, key):
        seen = {}
        for r in tables[name]:
            k = tuple(r[c] for c in key) if isinstance(key, tuple) else r[key]
            if k in seen:
                err(name, r["_line"], f"duplicate {key} {k} (first at line {seen[k]})")
            seen[k] = r["_line"]
        return {(tuple(r[c] for c in key) if isinstance(key, tuple) else r[key]): r for r in tables[name]}

    J = unique("jurisdictions", "code")
    DEP = unique("departments", "code")
    O = unique("offices", "code")
    CAT = unique("categories", "code")
    unique("routing", ("department_code", "category_code", "jurisdiction_code"))
    unique("holidays", ("state_code", "date"))
    U = unique("users", "username")

    # jurisdictions
    for r in tables["jurisdictions"]:
        lvl = r["level"]
        if lvl not in JUR_PARENT:
            err("jurisdictions", r["_line"], f"bad level {lvl}")
            continue
        if not re.fullmatch(r"[0-9]+", r["code"]):
            err("jurisdictions", r["_line"], "code not numeric")
        if lvl == "state":
            if r["parent_code"]:
                err("jurisdictions", r["_line"], "state with parent")
        else:
            p = J.get(r["parent_code"])
            if not p:
                err("jurisdictions", r["_line"], f"missing parent {r['parent_code']}")
            elif p["level"] not in JUR_PARENT[lvl]:
                err("jurisdictions", r["_line"], f"{lvl} under {p['level']}")

    def ancestors(code):
        out = []
        while code:
            out.append(code)
            code = J[code]["parent_code"] if code in J else ""
        return out

    def state_of(code):
        return ancestors(code)[-1]

    def district_of(code):
        for a in ancestors(code):
            if J[a]["level"] == "district":
                return a
        return None

    hr_districts = [r for r in tables["jurisdictions"] if r["level"] == "district" and r["parent_code"] == "06"]
    rj_districts = [r for r in tables["jurisdictions"] if r["level"] == "district" and r["parent_code"] == "08"]
    if len(hr_districts) != 22:
        errors.append(f"Haryana has {len(hr_districts)} districts, expected 22")
    if len(rj_districts) != 41:
        errors.append(f"Rajasthan has {len(rj_districts)} districts, expected 41")
    for lbl, rows in (("district English name", [(r["name_en"],) for r in hr_districts + rj_districts]),
                      ("district Hindi name", [(r["name_hi"],) for r in hr_districts + rj_districts])):
        if len(set(rows)) != len(rows):
            errors.append(f"duplicate {lbl}")

    # departments
    if len(DEP) < 12:
        errors.append(f"only {len(DEP)} departments")

    # categories
    if len(CAT) < 60:
        errors.append(f"only {len(CAT)} categories")
    for r in tables["categories"]:
        if r["department_code"] not in DEP:
            err("categories", r["_line"], "unknown department")
        if r["parent_code"]:
            p = CAT.get(r["parent_code"])
            if not p:
                err("categories", r["_line"], "missing parent")
            elif p["department_code"] != r["department_code"]:
                err("categories", r["_line"], "parent in another department")
            elif p["parent_code"]:
                err("categories", r["_line"], "tree deeper than two levels")
        if r["kind"] not in ("complaint", "demand", "suggestion"):
            err("categories", r["_line"], "bad kind")
        if not re.fullmatch(r"[1-9][0-9]*", r["deadline_days"]):
            err("categories", r["_line"], "bad deadline_days")
        if r["rts"] not in ("true", "false"):
            err("categories", r["_line"], "bad rts")

    # offices
    nodal_count = {}
    for r in tables["offices"]:
        ln = r["_line"]
        if r["department_code"] not in DEP:
            err("offices", ln, "unknown department")
        if r["jurisdiction_code"] not in J:
            err("offices", ln, "unknown jurisdiction")
            continue
        if r["level"] not in ("1", "2", "3", "4"):
            err("offices", ln, "bad level")
            continue
        if r["nodal"] not in ("true", "false"):
            err("offices", ln, "bad nodal")
        lvl = int(r["level"])
        jl = J[r["jurisdiction_code"]]["level"]
        expect = {4: {"state"}, 3: {"district"}, 2: {"subdivision"},
                  1: {"block", "municipality"}}[lvl]
        if jl not in expect:
            err("offices", ln, f"level {lvl} office at a {jl}")
        if lvl == 4:
            if r["parent_code"]:
                err("offices", ln, "level 4 office with a parent")
        else:
            p = O.get(r["parent_code"])
            if not p:
                err("offices", ln, f"missing parent office {r['parent_code']}")
            else:
                if int(p["level"]) != lvl + 1:
                    err("offices", ln, f"parent level {p['level']} for level {lvl}")
                if p["department_code"] != r["department_code"]:
                    err("offices", ln, "parent office in another department")
                if p["jurisdiction_code"] not in ancestors(r["jurisdiction_code"]):
                    err("offices", ln, "parent office's jurisdiction is not an ancestor")
        if r["nodal"] == "true":
            if jl not in ("state", "district"):
                err("offices", ln, "nodal office below district")
            nodal_count[r["jurisdiction_code"]] = nodal_count.get(r["jurisdiction_code"], 0) + 1
    for code, j in J.items():
        if j["level"] in ("state", "district") and nodal_count.get(code, 0) != 1:
            errors.append(f"{j['level']} {code} {j['name_en']} has {nodal_count.get(code, 0)} nodal offices")
    for code, n in nodal_count.items():
        if J[code]["level"] not in ("state", "district"):
            errors.append(f"nodal office at {code}")

    # every district has an office of every department
    have = {(r["department_code"], r["jurisdiction_code"]) for r in tables["offices"]}
    for j in hr_districts + rj_districts:
        for d in DEP:
            if (d, j["code"]) not in have:
                errors.append(f"no {d} office in district {j['name_en']}")

    # routing
    for r in tables["routing"]:
        ln = r["_line"]
        if r["department_code"] not in DEP:
            err("routing", ln, "unknown department")
        if r["category_code"]:
            c = CAT.get(r["category_code"])
            if not c:
                err("routing", ln, "unknown category")
            elif c["department_code"] != r["department_code"]:
                err("routing", ln, "category of another department")
        if r["jurisdiction_code"] not in J:
            err("routing", ln, "unknown jurisdiction")
            continue
        o = O.get(r["office_code"])
        if not o:
            err("routing", ln, "unknown office")
            continue
        if o["department_code"] != r["department_code"]:
            err("routing", ln, "office of another department")
        if state_of(o["jurisdiction_code"]) != state_of(r["jurisdiction_code"]):
            err("routing", ln, "office in another state")
        if o["jurisdiction_code"] not in ancestors(r["jurisdiction_code"]):
            err("routing", ln, "office sits outside the rule's jurisdiction path")
    routed = {(r["department_code"], r["jurisdiction_code"]) for r in tables["routing"] if not r["category_code"]}
    for j in hr_districts + rj_districts:
        for d in DEP:
            if (d, j["code"]) not in routed:
                errors.append(f"no department-wide rule for {d} in {j['name_en']}")

    # holidays
    for r in tables["holidays"]:
        if r["state_code"] not in J or J[r["state_code"]]["level"] != "state":
            err("holidays", r["_line"], "bad state_code")
        try:
            d = datetime.date.fromisoformat(r["date"])
            if d.year not in YEARS:
                err("holidays", r["_line"], "year outside 2025-2027")
        except ValueError:
            err("holidays", r["_line"], "bad date")
    for s in ("06", "08"):
        for y in YEARS:
            n = sum(1 for r in tables["holidays"] if r["state_code"] == s and r["date"].startswith(str(y)))
            if n < 15:
                errors.append(f"state {s} has only {n} holidays in {y}")

    # users
    roles = {"operator", "officer", "supervisor", "verifier", "auditor", "admin"}
    for r in tables["users"]:
        ln = r["_line"]
        if r["username"] != r["username"].lower() or not re.fullmatch(r"[a-z0-9._-]+", r["username"]):
            err("users", ln, "username must be lower case [a-z0-9._-]")
        if r["role"] not in roles:
            err("users", ln, "bad role")
        if r["role"] in ("officer", "supervisor"):
            o = O.get(r["office_code"])
            if not o:
                err("users", ln, "officer/supervisor without a valid office")
            elif r["role"] == "officer" and o["level"] not in ("1", "3"):
                err("users", ln, f"officer at a level {o['level']} office")
            elif r["role"] == "supervisor" and o["level"] not in ("2", "3", "4"):
                err("users", ln, f"supervisor at a level {o['level']} office")
        elif r["office_code"]:
            err("users", ln, "office for a role that has none")
        if r["jurisdiction_code"] and r["jurisdiction_code"] not in J:
            err("users", ln, "unknown jurisdiction")
        if r["mobile"] and not re.fullmatch(r"[6-9][0-9]{9}", r["mobile"]):
            err("users", ln, "bad mobile")
        if not r["full_name"]:
            err("users", ln, "empty full_name")
    mobiles = [r["mobile"] for r in tables["users"] if r["mobile"]]
    if len(mobiles) != len(set(mobiles)):
        errors.append("duplicate mobile numbers")
    for u in ("admin", "operator.rewari", "operator.jaipur", "verifier", "auditor", "officer.nodal.rewari",
              "officer.phed.bawal", "supervisor.phed.rewari", "officer.panchayat.khol",
              "supervisor.grievance.haryana", "supervisor.grievance.rajasthan"):
        if u not in U:
            errors.append(f"missing user {u}")
    if "officer.nodal.rewari" in U and O.get(U["officer.nodal.rewari"]["office_code"], {}).get("nodal") != "true":
        errors.append("officer.nodal.rewari is not at a nodal office")
    # In the worked districts: officers at every L1 and L3 main-department office, supervisors at L2/L3.
    staffed = {}
    for r in tables["users"]:
        staffed.setdefault(r["office_code"], set()).add(r["role"])
    for r in tables["offices"]:
        dist = district_of(r["jurisdiction_code"])
        if dist not in WORKED or r["department_code"] not in MAIN_DEPTS:
            continue
        need = {"1": {"officer"}, "2": {"supervisor"}, "3": {"officer", "supervisor"}}[r["level"]]
        missing = need - staffed.get(r["code"], set())
        if missing:
            errors.append(f"office {r['code']} lacks {sorted(missing)}")

    if errors:
        print(f"{len(errors)} problem(s):")
        for e in errors[:200]:
            print("  " + e)
        return False
    counts = ", ".join(f"{n}={len(tables[n])}" for n in COLUMNS)
    print(f"OK: {counts}")
    return True


def main():
    if "--check" not in sys.argv[1:]:
        write(build())
    sys.exit(0 if validate() else 1)


if __name__ == "__main__":
    main()
