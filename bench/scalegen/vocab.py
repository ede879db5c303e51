"""Word lists and weights for names, labels and categories (the only Python-side data; rows
are drawn from them inside DuckDB)."""

from __future__ import annotations


def _items(text: str) -> tuple[str, ...]:
    """A vocabulary written as "a; b; c"."""
    return tuple(item.strip() for item in text.split(";") if item.strip())


CONDITIONS = _items(
    "Breast Cancer; Healthy; Obesity; HIV Infections; Prostate Cancer; Asthma; "
    "Diabetes Mellitus, Type 2; Hypertension; Depression; Schizophrenia; Stroke; "
    "Coronary Artery Disease; Heart Failure; Alzheimer Disease; Parkinson Disease; "
    "Colorectal Cancer; Lung Cancer; Non-small Cell Lung Cancer; Pancreatic Cancer; "
    "Hepatocellular Carcinoma; Multiple Myeloma; Lymphoma; Leukemia; Acute Myeloid Leukemia; "
    "Chronic Lymphocytic Leukemia; Melanoma; Glioblastoma; Ovarian Cancer; Cervical Cancer; "
    "Gastric Cancer; Bladder Cancer; Renal Cell Carcinoma; Head and Neck Cancer; "
    "Diabetes Mellitus, Type 1; Chronic Kidney Disease; COVID-19; Hepatitis C; Hepatitis B; "
    "Tuberculosis; Malaria; Influenza; Pneumonia; Sepsis; Rheumatoid Arthritis; "
    "Osteoarthritis; Osteoporosis; Psoriasis; Atopic Dermatitis; Crohn Disease; "
    "Ulcerative Colitis; Multiple Sclerosis; Epilepsy; Migraine; Chronic Pain; Low Back Pain; "
    "Anxiety Disorders; Bipolar Disorder; Autism; Attention Deficit Hyperactivity Disorder; "
    "Insomnia; Obstructive Sleep Apnea; Chronic Obstructive Pulmonary Disease; "
    "Cystic Fibrosis; Atrial Fibrillation; Myocardial Infarction; Dyslipidemia; "
    "Hypercholesterolemia; Anemia; Sickle Cell Disease; Hemophilia A; Thrombosis; "
    "Pulmonary Embolism; Smoking Cessation; Alcohol Use Disorder; Opioid Use Disorder; "
    "Pain, Postoperative; Anesthesia; Pregnancy; Preterm Birth; Infertility; "
    "Polycystic Ovary Syndrome; Endometriosis; Menopause; Glaucoma; Macular Degeneration; "
    "Diabetic Retinopathy; Dry Eye; Cataract; Periodontitis; Dental Caries; "
    "Knee Osteoarthritis; Fractures, Bone; Sarcopenia; Frailty; Cognitive Impairment; "
    "Dementia; Post-traumatic Stress Disorder; Stress; Quality of Life; Physical Activity; "
    "Overweight; Metabolic Syndrome; Nonalcoholic Fatty Liver Disease; Cirrhosis; "
    "Irritable Bowel Syndrome; Gastroesophageal Reflux; Helicobacter Pylori Infection; "
    "Urinary Incontinence; Overactive Bladder; Benign Prostatic Hyperplasia; "
    "Kidney Transplant; Liver Transplantation; Graft vs Host Disease; "
    "Systemic Lupus Erythematosus; Ankylosing Spondylitis; Psoriatic Arthritis; Gout; "
    "Fibromyalgia; Lupus Nephritis; Idiopathic Pulmonary Fibrosis; "
    "Pulmonary Arterial Hypertension; Cardiomyopathy; Aortic Stenosis; "
    "Peripheral Arterial Disease; Venous Thromboembolism; Neonatal Sepsis; Bronchiolitis; "
    "Respiratory Syncytial Virus Infections; Human Papillomavirus Infection; Herpes Zoster; "
    "Pneumococcal Infections; Meningococcal Disease; Cytomegalovirus Infections; "
    "Urinary Tract Infections; Clostridium Difficile Infection; Candidiasis; Acne Vulgaris; "
    "Vitiligo; Alopecia Areata; Hidradenitis Suppurativa; Chronic Urticaria; "
    "Allergic Rhinitis; Food Allergy; Eosinophilic Esophagitis; Amyotrophic Lateral Sclerosis; "
    "Spinal Muscular Atrophy; Duchenne Muscular Dystrophy; Huntington Disease; "
    "Neuropathic Pain; Diabetic Neuropathy; Traumatic Brain Injury; Spinal Cord Injuries; "
    "Cerebral Palsy; Delirium; Critical Illness; Acute Respiratory Distress Syndrome; "
    "Cardiac Arrest; Acute Kidney Injury; Hyperkalemia; Hyponatremia; Thyroid Cancer; "
    "Hypothyroidism; Graves Disease; Cushing Syndrome; Growth Hormone Deficiency; "
    "Esophageal Cancer; Cholangiocarcinoma; Neuroendocrine Tumors; Sarcoma; Osteosarcoma; "
    "Neuroblastoma; Myelodysplastic Syndromes; Myelofibrosis; Non-Hodgkin Lymphoma; "
    "Hodgkin Disease; Diffuse Large B-Cell Lymphoma; Mantle Cell Lymphoma; "
    "Follicular Lymphoma; Acute Lymphoblastic Leukemia; Chronic Myeloid Leukemia; "
    "Mesothelioma; Endometrial Cancer; Testicular Cancer; Brain Metastases; Solid Tumor; "
    "Advanced Solid Tumors; Metastatic Breast Cancer; HER2-positive Breast Cancer; "
    "Triple Negative Breast Cancer; Castration-Resistant Prostate Cancer; "
    "Small Cell Lung Cancer; Colon Cancer; Rectal Cancer;"
)
CONDITION_QUALIFIERS = _items(
    "Advanced; Metastatic; Recurrent; Refractory; Relapsed; Chronic; Acute; Severe; Mild; "
    "Moderate; Early; Pediatric; Adult; Hereditary; Primary; Secondary; Stage IV; Stage III; "
    "Locally Advanced; Unresectable; Resistant; Persistent; Postoperative; Drug-Induced; "
    "Idiopathic; Uncontrolled; Newly Diagnosed; Residual;"
)
CONDITION_SUFFIXES = _items(
    "Grade; Stage; Type; Cohort; Subtype; Class; Score; Phase; Level; Cycle;"
)
# Oncology labels as NCI-sponsored records write them ("Stage IIIA Lung Cancer AJCC v8",
# "Recurrent Lung Cancer"): the words int_trial_conditions' core key removes by regex
CONDITION_STAGES = _items(
    "0; I; IA; IB; II; IIA; IIB; IIC; III; IIIA; IIIB; IIIC; IV; IVA; IVB; IVC;"
)
CONDITION_COURSES = _items(
    "Recurrent; Metastatic; Refractory; Relapsed; Locally Advanced; Advanced; Unresectable; "
    "Resectable; Localized; Newly Diagnosed; Refractory and Relapsed; "
    "Locally Advanced Unresectable;"
)
# free-text context a registrant adds to a condition: the long tail of one-off labels
CONDITION_CONTEXTS = _items(
    "in Adults; in Children; in Adolescents; in Older Adults; in Pregnancy; in Women; in Men; "
    "After Surgery; After Kidney Transplantation; After Stroke; After Myocardial Infarction; "
    "in Intensive Care Unit Patients; in Outpatients; in Nursing Home Residents; With Obesity; "
    "With Diabetes; With Hypertension; With Chronic Kidney Disease; With HIV; With Depression; "
    "Associated With Chemotherapy; Associated With Radiotherapy; Secondary to Trauma; "
    "of the Elderly; in Low-income Countries; in Veterans; in Smokers; in Athletes;"
)
# how a registrant decorates a non-drug intervention's name ("Exercise Program, Version 2")
INTERVENTION_VARIANTS = _items(
    "Program; Protocol; Session; Group Session; Version; Module; Arm; Kit; Training; Package;"
)
PLACEBOS = _items(
    "Placebo; Placebo; Placebo; placebo; Placebo Oral Tablet; Placebo Comparator; "
    "Matching Placebo; Saline; Normal saline; Sugar pill; Placebos;"
)
DRUGS = _items(
    "Pembrolizumab; Nivolumab; Metformin; Atezolizumab; Durvalumab; Bevacizumab; Trastuzumab; "
    "Rituximab; Cyclophosphamide; Cisplatin; Carboplatin; Paclitaxel; Docetaxel; Gemcitabine; "
    "Capecitabine; Oxaliplatin; Fluorouracil; Doxorubicin; Dexamethasone; Prednisone; "
    "Methotrexate; Tacrolimus; Cyclosporine; Lenalidomide; Bortezomib; Daratumumab; Ibrutinib; "
    "Imatinib; Osimertinib; Olaparib; Palbociclib; Letrozole; Tamoxifen; Anastrozole; "
    "Enzalutamide; Abiraterone; Ipilimumab; Insulin; Insulin Glargine; Semaglutide; "
    "Liraglutide; Dapagliflozin; Empagliflozin; Sitagliptin; Atorvastatin; Rosuvastatin; "
    "Aspirin; Clopidogrel; Ticagrelor; Apixaban; Rivaroxaban; Warfarin; Heparin; Enoxaparin; "
    "Amlodipine; Lisinopril; Losartan; Valsartan; Sacubitril; Metoprolol; Furosemide; "
    "Spironolactone; Ketamine; Propofol; Lidocaine; Bupivacaine; Ropivacaine; Morphine; "
    "Fentanyl; Oxycodone; Buprenorphine; Naloxone; Naltrexone; Methadone; Acetaminophen; "
    "Ibuprofen; Celecoxib; Gabapentin; Pregabalin; Duloxetine; Sertraline; Escitalopram; "
    "Fluoxetine; Bupropion; Vortioxetine; Aripiprazole; Olanzapine; Quetiapine; Risperidone; "
    "Lithium; Lamotrigine; Levetiracetam; Valproic Acid; Melatonin; Zolpidem; Dexmedetomidine; "
    "Midazolam; Ondansetron; Omeprazole; Pantoprazole; Amoxicillin; Azithromycin; Ceftriaxone; "
    "Vancomycin; Doxycycline; Ciprofloxacin; Rifampin; Isoniazid; Tenofovir; Emtricitabine; "
    "Dolutegravir; Efavirenz; Sofosbuvir; Remdesivir; Hydroxychloroquine; Ivermectin; "
    "Oseltamivir; Tocilizumab; Adalimumab; Infliximab; Etanercept; Ustekinumab; Secukinumab; "
    "Dupilumab; Omalizumab; Mepolizumab; Vedolizumab; Tofacitinib; Baricitinib; Upadacitinib; "
    "Budesonide; Fluticasone; Salmeterol; Tiotropium; Montelukast; Albuterol; Vitamin D; "
    "Vitamin D3; Folic Acid; Iron; Zinc; Omega-3 Fatty Acids; Probiotics; Testosterone; "
    "Estradiol; Progesterone; Levonorgestrel; Oxytocin; Misoprostol; Letrozole 2.5 mg; "
    "Botulinum Toxin Type A; Hyaluronic Acid; Denosumab; Zoledronic Acid; Alendronate; "
    "Teriparatide; Erythropoietin; Filgrastim; Pegfilgrastim; Tranexamic Acid; "
    "Dexamethasone 4 mg; BCG Vaccine; Influenza Vaccine; mRNA-1273; BNT162b2; "
    "Pneumococcal Conjugate Vaccine; HPV Vaccine; Sorafenib; Sunitinib; Lenvatinib; "
    "Cabozantinib; Regorafenib; Everolimus; Temozolomide; Irinotecan; Etoposide; Vincristine; "
    "Cytarabine; Azacitidine; Venetoclax; Fludarabine; Bendamustine; Blinatumomab; Cetuximab; "
    "Panitumumab; Pertuzumab; Ramucirumab; Nab-paclitaxel; Pemetrexed; Erlotinib; Gefitinib; "
    "Afatinib; Crizotinib; Alectinib; Dabrafenib; Trametinib; Vemurafenib;"
)
CODE_PREFIXES = _items(
    "ABT; AZD; BMS; GSK; JNJ; LY; MK; PF; RO; SAR; TAK; BAY; BI; CC; GS; INCB; ALXN; REGN; "
    "AMG; BGB; DS; ONO; E; TQB; SHR; HLX; IBI;"
)
DEVICES = _items(
    "Continuous Glucose Monitor; Insulin Pump; Drug-eluting Stent; Transcatheter Aortic Valve; "
    "Cochlear Implant; Wearable Activity Tracker; Negative Pressure Wound Therapy; "
    "Transcranial Magnetic Stimulation; CPAP; Hearing Aid; Contact Lens; Intraocular Lens; "
    "Spinal Cord Stimulator; Smartphone Application; Laser Therapy; Ultrasound Guidance; "
    "Compression Stockings; Virtual Reality Headset; Pulse Oximeter; Robotic Exoskeleton;"
)
BEHAVIORALS = _items(
    "Cognitive Behavioral Therapy; Mindfulness-Based Stress Reduction; Exercise Training; "
    "Motivational Interviewing; Health Education; Diet Intervention; Yoga; Tai Chi; "
    "Text Message Reminders; Peer Support; Physical Therapy; Psychoeducation; "
    "Smoking Cessation Counseling; Walking Program; Music Therapy; Sleep Hygiene Education; "
    "Usual Care; Standard of Care; Waitlist Control; Telehealth Coaching;"
)
PROCEDURES = _items(
    "Surgery; Laparoscopic Surgery; Radiofrequency Ablation; Hemodialysis; "
    "Stem Cell Transplantation; Colonoscopy; Biopsy; Acupuncture; Nerve Block; "
    "Bariatric Surgery; Cesarean Section; Total Knee Arthroplasty; Catheter Ablation;"
)
RADIATIONS = _items(
    "Radiation Therapy; Stereotactic Body Radiation Therapy; "
    "Intensity-Modulated Radiation Therapy; Proton Beam Therapy; Whole Brain Radiotherapy; "
    "Brachytherapy;"
)
SUPPLEMENTS = _items(
    "Vitamin C; Curcumin; Magnesium; Whey Protein; Fish Oil; Multivitamin; Creatine; "
    "Green Tea Extract; Dietary Fiber; Caffeine;"
)
DIAGNOSTICS = _items(
    "PET/CT Scan; MRI; Blood Sample Collection; Genetic Testing; Questionnaire; "
    "Rapid Antigen Test; Liquid Biopsy; Electrocardiogram; Spirometry; Ultrasound;"
)
OTHERS = _items(
    "Standard of Care; Best Supportive Care; Observation; Questionnaire Administration; "
    "Laboratory Biomarker Analysis; Quality-of-Life Assessment; Data Collection; "
    "No Intervention; Control; Sham Procedure; Educational Materials; Home Visits;"
)
INTERVENTION_TYPES = {
    "DRUG": 45,
    "OTHER": 13,
    "DEVICE": 10,
    "BEHAVIORAL": 10,
    "BIOLOGICAL": 7,
    "PROCEDURE": 7,
    "DIETARY_SUPPLEMENT": 3,
    "RADIATION": 2,
    "DIAGNOSTIC_TEST": 2,
    "GENETIC": 1,
}
MESH_CONDITION_ANCESTORS = _items(
    "Neoplasms; Neoplasms by Site; Neoplasms by Histologic Type; Carcinoma; Breast Diseases; "
    "Skin Diseases; Cardiovascular Diseases; Vascular Diseases; Heart Diseases; "
    "Metabolic Diseases; Nutritional and Metabolic Diseases; Endocrine System Diseases; "
    "Nervous System Diseases; Mental Disorders; Respiratory Tract Diseases; Lung Diseases; "
    "Infections; Virus Diseases; Bacterial Infections; Immune System Diseases; "
    "Digestive System Diseases; Gastrointestinal Diseases; Liver Diseases; "
    "Pathologic Processes; Disease; Syndrome; Kidney Diseases; Urologic Diseases; "
    "Genital Diseases; Body Weight; Signs and Symptoms; Chronic Disease; Inflammation; "
    "Musculoskeletal Diseases; Joint Diseases; Hematologic Diseases; Brain Diseases; "
    "Central Nervous System Diseases; Eye Diseases; Psychotic Disorders; Mood Disorders; "
    "Behavior and Behavior Mechanisms; Substance-Related Disorders; "
    "Connective Tissue Diseases; Autoimmune Diseases;"
)
MESH_INTERVENTION_ANCESTORS = _items(
    "Antineoplastic Agents; Antineoplastic Agents, Immunological; "
    "Immune Checkpoint Inhibitors; Enzyme Inhibitors; "
    "Molecular Mechanisms of Pharmacological Action; Hypoglycemic Agents; "
    "Antihypertensive Agents; Anti-Bacterial Agents; Anti-Infective Agents; Antiviral Agents; "
    "Analgesics; Analgesics, Opioid; Anesthetics; Central Nervous System Depressants; "
    "Physiological Effects of Drugs; Pharmaceutical Solutions; Vitamins; Micronutrients; "
    "Protein Kinase Inhibitors; Antibodies, Monoclonal; Immunoglobulins; Antirheumatic Agents; "
    "Anti-Inflammatory Agents; Anti-Inflammatory Agents, Non-Steroidal; Cardiovascular Agents; "
    "Psychotropic Drugs; Antidepressive Agents; Antipsychotic Agents; Vaccines; "
    "Immunologic Factors; Hormones; Glucocorticoids; Anticoagulants; "
    "Platelet Aggregation Inhibitors; Diuretics; Bronchodilator Agents; Anticonvulsants; "
    "Antiemetics; Antimetabolites; Alkylating Agents; Tubulin Modulators;"
)
COUNTRIES = _items(
    "United States; China; France; Canada; United Kingdom; Germany; Spain; Italy; Egypt; "
    "Korea, Republic of; Japan; Netherlands; Belgium; Australia; Denmark; Turkey; Brazil; "
    "Switzerland; Israel; Sweden; Poland; Taiwan; India; Iran; Russian Federation; Norway; "
    "Austria; Mexico; Argentina; Czechia; Hungary; Finland; Greece; Pakistan; South Africa; "
    "Thailand; Hong Kong; Singapore; Ireland; Portugal; Romania; Bulgaria; Chile; Colombia; "
    "Peru; New Zealand; Ukraine; Saudi Arabia; Malaysia; Philippines; Viet Nam; Indonesia; "
    "Nigeria; Kenya; Uganda; Tanzania; Malawi; Zambia; Ethiopia; Ghana; Bangladesh; Nepal; "
    "Lebanon; Jordan; Tunisia; Morocco; Serbia; Croatia; Slovakia; Slovenia; Lithuania; "
    "Latvia; Estonia; Belarus; Georgia; Puerto Rico; Guatemala; Panama; Dominican Republic; "
    "Costa Rica; Ecuador; Venezuela; Qatar; Kuwait; United Arab Emirates; Sri Lanka; Iceland; "
    "Luxembourg; Cyprus; Haiti; Botswana; Mozambique; Cameroon; Senegal; Burkina Faso; Mali; "
    "Rwanda;"
)
# How often a study's first country is each of the first entries above (the rest share the tail).
COUNTRY_START_WEIGHTS = {0: 34, 1: 9, 2: 7, 3: 4, 4: 4, 5: 4, 6: 3, 7: 3, 8: 3, 9: 2, 10: 2}
CITIES = _items(
    "Boston; New York; Toronto; London; Paris; Berlin; Madrid; Milan; Beijing; Shanghai; "
    "Seoul; Tokyo; Sydney; Melbourne; Cairo; Istanbul; Sao Paulo; Zurich; Tel Aviv; Stockholm; "
    "Copenhagen; Oslo; Helsinki; Vienna; Prague; Warsaw; Amsterdam; Leuven; Ghent; Lyon; "
    "Marseille; Munich; Heidelberg; Barcelona; Rome; Naples; Athens; Dublin; Lisbon; Chicago; "
    "Houston; Seattle; San Francisco; Los Angeles; Philadelphia; Pittsburgh; Baltimore; "
    "Nashville; Ann Arbor; Rochester; Cleveland; Atlanta; Denver; Montreal; Vancouver; "
    "Calgary; Guangzhou; Chengdu; Wuhan; Hangzhou; Nanjing; Taipei; Singapore; Bangkok; "
    "Mumbai; Delhi; Tehran; Riyadh; Assiut; Mansoura; Ankara; Aarhus;"
)
PEOPLE = _items(
    "John Smith, MD; Maria Garcia; Wei Zhang, PhD; Ahmed Hassan; Anna Kowalska; Kenji Tanaka; "
    "Sarah Johnson, MD, PhD; Luca Rossi; Fatima Al-Sayed; Priya Sharma; David Cohen; Elena Petrova"
)
INSTITUTION_PATTERNS = (
    "University of {X}",
    "{X} University Hospital",
    "{X} Medical Center",
    "{X} General Hospital",
    "{X} Children's Hospital",
    "{X} Cancer Center",
    "University Hospital, {X}",
    "{X} University",
    "{X} Institute of Medical Research",
    "Hospital Universitario de {X}",
    "{X} Clinical Research Institute",
    "Assistance Publique - Hopitaux de {X}",
    "Second Affiliated Hospital of {X} Medical University",
    "{X} Heart Institute",
)
PHARMA = _items(
    "Pfizer; Novartis Pharmaceuticals; Hoffmann-La Roche; Merck Sharp & Dohme LLC; "
    "AstraZeneca; GlaxoSmithKline; Sanofi; Bristol-Myers Squibb; Eli Lilly and Company; "
    "Johnson & Johnson; Janssen Research & Development, LLC; Boehringer Ingelheim; Bayer; "
    "AbbVie; Amgen; Gilead Sciences; Takeda; Novo Nordisk A/S; Astellas Pharma Inc; "
    "Daiichi Sankyo; Regeneron Pharmaceuticals; Biogen; Vertex Pharmaceuticals Incorporated; "
    "Teva Pharmaceutical Industries; Jiangsu HengRui Medicine Co., Ltd.; BeiGene; Celgene; "
    "Allergan; Medtronic; Abbott; Boston Scientific Corporation; Otsuka Pharmaceutical; "
    "Eisai Inc.; UCB Pharma; Ipsen; Servier; Chugai Pharmaceutical; Genentech, Inc.;"
)
BIOTECH_WORDS = _items(
    "Nova; Gen; Thera; Onco; Immuno; Cardio; Neuro; Vita; Medi; Bio; Cell; Axon; Helix; "
    "Vector; Apex; Zenith; Luma; Aria; Sol; Terra;"
)
BIOTECH_SUFFIXES = _items(
    "Therapeutics; Pharmaceuticals; Biosciences; Bio, Inc.; Pharma Co., Ltd.; Medical; "
    "Biotech; Life Sciences; Oncology; Inc.;"
)
NIH = _items(
    "National Cancer Institute (NCI); National Heart, Lung, and Blood Institute (NHLBI); "
    "National Institute of Allergy and Infectious Diseases (NIAID); "
    "National Institute of Mental Health (NIMH); National Institute on Drug Abuse (NIDA); "
    "National Institute on Aging (NIA); "
    "National Institute of Diabetes and Digestive and Kidney Diseases (NIDDK); "
    "Eunice Kennedy Shriver National Institute of Child Health and Human Development (NICHD); "
    "National Institute of Neurological Disorders and Stroke (NINDS); "
    "National Institute on Alcohol Abuse and Alcoholism (NIAAA);"
)
GOV = _items(
    "Centers for Disease Control and Prevention; VA Office of Research and Development; "
    "Assistance Publique - Hopitaux de Paris; Ministry of Health, Brazil; "
    "Medical Research Council; Canadian Institutes of Health Research (CIHR); "
    "National Health and Medical Research Council, Australia; "
    "Patient-Centered Outcomes Research Institute; "
    "U.S. Army Medical Research and Development Command; "
    "Agency for Healthcare Research and Quality (AHRQ);"
)
NETWORKS = _items(
    "Children's Oncology Group; ECOG-ACRIN Cancer Research Group; "
    "SWOG Cancer Research Network; NRG Oncology; Alliance for Clinical Trials in Oncology; "
    "European Organisation for Research and Treatment of Cancer - EORTC; "
    "AIDS Clinical Trials Group; HIV Vaccine Trials Network; Canadian Cancer Trials Group;"
)
SPONSOR_CLASSES_LEAD = {
    "OTHER": 60,
    "INDUSTRY": 28,
    "NIH": 3,
    "OTHER_GOV": 4,
    "NETWORK": 2,
    "FED": 1,
    "INDIV": 1,
    "UNKNOWN": 1,
}
SPONSOR_CLASSES_COLLAB = {
    "OTHER": 55,
    "INDUSTRY": 25,
    "NIH": 12,
    "OTHER_GOV": 4,
    "NETWORK": 2,
    "FED": 1,
    "UNKNOWN": 1,
}
STATUS_PAST = {
    "Completed": 66,
    "Unknown status": 15,
    "Terminated": 8,
    "Withdrawn": 4,
    "Active, not recruiting": 4,
    "Suspended": 1,
    "Recruiting": 2,
}
STATUS_FUTURE = {
    "Recruiting": 45,
    "Not yet recruiting": 17,
    "Active, not recruiting": 17,
    "Enrolling by invitation": 5,
    "Unknown status": 9,
    "Withdrawn": 3,
    "Completed": 3,
    "Suspended": 1,
}
STATUS_RESULTS = {"Completed": 84, "Terminated": 12, "Active, not recruiting": 4}
LAST_KNOWN = _items(
    "Recruiting; Active, not recruiting; Not yet recruiting; Enrolling by invitation;"
)
PHASES = {
    "Not Applicable": 35,
    "Phase 2": 19,
    "Phase 1": 13,
    "Phase 3": 11,
    "Phase 4": 10,
    "Phase 1/Phase 2": 5,
    "Phase 2/Phase 3": 2,
    "Early Phase 1": 2,
    None: 3,
}
GROUP_TYPES = {
    "Experimental": 52,
    "Active Comparator": 17,
    "Placebo Comparator": 10,
    "Other": 8,
    "No Intervention": 6,
    "Sham Comparator": 2,
    None: 5,
}
WHY_STOPPED = _items(
    "Slow accrual; Sponsor decision; Lack of funding; Business decision; Low enrollment; "
    "Futility; PI left the institution; COVID-19 pandemic; "
    "Study was terminated early due to slow recruitment.; Safety concerns; "
    "The study was stopped for strategic reasons, not for safety.; Replaced by another study.; "
    "Drug supply issues; Investigator decision; Interim analysis showed lack of efficacy;"
)
