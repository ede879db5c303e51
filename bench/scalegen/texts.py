"""Word lists for the generated texts: titles, outcome wording, sentences, adverse events."""

from __future__ import annotations

from bench.scalegen.vocab import _items

ACRONYM_PARTS = _items(
    "PRO; STAR; CARE; HEART; ONCO; KEY; NOTE; CHECK; MATE; FLEX; PATH; LIGHT; STEP; SURE; "
    "RISE; BOLD; TRUST; SHIELD; ACT; BRIDGE; DECLARE; EMPA; REG; LEAD; SPRINT; ALPHA; BETA; "
    "GAMMA; DELTA; OMEGA;"
)
MEASURES = _items(
    "HbA1c; Body Weight; Systolic Blood Pressure; LDL Cholesterol; Pain Intensity; "
    "Hamilton Depression Rating Scale (HAM-D) Total Score; "
    "Forced Expiratory Volume in 1 Second (FEV1); Overall Survival; Progression-free Survival; "
    "Objective Response Rate; Duration of Response; Quality of Life (EQ-5D); "
    "Six-Minute Walk Distance; Serum Creatinine; Viral Load; CD4+ Cell Count; Visual Acuity; "
    "Intraocular Pressure; Disease Activity Score (DAS28); "
    "Psoriasis Area and Severity Index (PASI); Eczema Area and Severity Index (EASI); "
    "Mini-Mental State Examination (MMSE) Score; Numeric Rating Scale (NRS) Pain Score; "
    "Length of Hospital Stay; Time to First Exacerbation; Plasma Concentration (Cmax); "
    "Area Under the Concentration-time Curve (AUC); Antibody Titer; Seroconversion Rate; "
    "Fasting Plasma Glucose; Oswestry Disability Index; Pittsburgh Sleep Quality Index; "
    "Patient Health Questionnaire-9 (PHQ-9) Score; Opioid Consumption; Blood Loss;"
)
TITLE_PATTERNS = (
    "Change From Baseline in {M} at Week {N}",
    "Number of Participants With Treatment-Emergent Adverse Events (TEAEs)",
    "Percentage of Participants Achieving a Response in {M}",
    "{M}",
    "{M} at Month {N}",
    "Mean {M} Over the Treatment Period",
    "Number of Participants With Clinically Significant Changes in {M}",
    "Time to Improvement in {M}",
    "Percent Change From Baseline in {M} at Week {N}",
    "Maximum Tolerated Dose (MTD) of the Study Drug",
    "Number of Participants With Dose-limiting Toxicities (DLTs)",
    "Incidence of Grade 3 or Higher Adverse Events",
    "Change From Baseline in {M} at Week {N} in Participants Who Completed the Treatment Period",
    "Percentage of Participants With at Least a 50 Percent Reduction From Baseline in {M}",
    "Number of Participants With Abnormal Laboratory Values Reported as Adverse Events by Week {N}",
    "Time to Sustained Improvement in {M} Assessed by the Investigator Through the End of "
    "the Study",
    "Area Under the Curve of {M} From Baseline to Week {N} in the Intent-to-treat Population",
    "Proportion of Participants Reaching the Prespecified Target for {M} at Week {N}",
)
PARAM_DISPERSION = {
    "Mean;Standard Deviation": 26,
    "Mean;Standard Error": 8,
    "Median;Full Range": 6,
    "Median;Inter-Quartile Range": 6,
    "Median;95% Confidence Interval": 6,
    "Least Squares Mean;Standard Error": 10,
    "Least Squares Mean;95% Confidence Interval": 4,
    "Geometric Mean;Geometric Coefficient of Variation": 5,
    "Geometric Mean;95% Confidence Interval": 3,
    "Number;": 14,
    "Number;95% Confidence Interval": 6,
    "Mean;": 6,
}
UNITS = _items(
    "percentage of HbA1c; kg; mmHg; mg/dL; units on a scale; score on a scale; months; weeks; "
    "days; percent change; ng/mL; copies/mL; cells/mm^3; letters; meters; mL; hours; pg/mL; "
    "mmol/L; percentage of participants; titer; L; beats per minute;"
)
CATEGORY_SETS = (
    "Yes;No",
    "Male;Female",
    "Complete Response;Partial Response;Stable Disease;Progressive Disease;Not Evaluable",
    "Grade 1;Grade 2;Grade 3;Grade 4;Grade 5",
    "Mild;Moderate;Severe",
    "Any TEAE;Serious TEAE;TEAE Leading to Discontinuation;Fatal TEAE",
    "Responder;Non-responder",
    "Positive;Negative",
    "Improved;Unchanged;Worsened",
    "Headache;Nausea;Fatigue;Dizziness;Diarrhea;Rash;Pyrexia;Vomiting",
)
TIME_LABELS = _items("Week; Month; Day; Cycle; Visit; Hour;")
TIME_FRAMES = _items(
    "Baseline, Week 12; Up to 24 months; Baseline and Week 52; Day 1 through Day 28; "
    "From randomization until disease progression or death, assessed up to 5 years; Week 24; "
    "Up to 30 days after last dose; 12 months; Baseline, 6 months, 12 months; "
    "Pre-dose and up to 72 hours post-dose on Day 1; "
    "From first dose to end of study (up to 2 years); During surgery; Postoperative 24 hours; "
    "3 years; Baseline to Week 16;"
)
POPULATIONS = (
    "All randomized participants who received at least one dose of study drug.",
    "The Full Analysis Set (FAS) consisted of all randomized patients.",
    "Intent-to-treat population: all participants randomized, analyzed according to the "
    "assigned arm.",
    "Per-protocol population; participants with missing data at the time point were not analyzed.",
    "Safety population included all participants who received any amount of study treatment.",
    "Participants with measurable disease at baseline who had at least one post-baseline "
    "assessment.",
    "Pharmacokinetic analysis set: participants with sufficient concentration data.",
    "Modified intention-to-treat population.",
)
NA_EXPLANATIONS = _items(
    "Median was not reached due to the low number of events.; "
    "Data were not collected for this group.; Not estimable: too few participants analyzed.; "
    "Upper limit of the confidence interval could not be estimated.;"
)
METHODS = _items(
    "ANCOVA; Mixed Models Analysis; Log Rank; Cochran-Mantel-Haenszel; Fisher Exact; "
    "t-Test, 2 sided; Wilcoxon (Mann-Whitney); Chi-squared; Regression, Cox; "
    "Regression, Logistic; ANOVA; Other;"
)
ANALYSIS_PARAMS = _items(
    "Mean Difference (Final Values); Hazard Ratio (HR); Odds Ratio (OR); Risk Difference (RD); "
    "Median Difference (Final Values); LS Mean Difference; Risk Ratio (RR); "
    "Mean Difference (Net);"
)
NON_INFERIORITY = {
    "Superiority or Other": 70,
    "Superiority": 15,
    "Non-Inferiority": 8,
    "Equivalence": 2,
    "Other": 5,
}
POPULATION_PHRASES = _items(
    "adults with; patients with; children with; older adults with; women with; "
    "participants with; subjects with; healthy volunteers and patients with;"
)
ROUTES = _items("orally; intravenously; subcutaneously; by inhalation; intramuscularly; topically;")
FREQUENCIES = _items(
    "once daily; twice daily; every 3 weeks; every 2 weeks; weekly; three times a week;"
)
SENTENCE_TEMPLATES = (
    "Participants received {drug} {dose} mg {route} {freq} for {n} weeks.",
    "Patients with {cond} were randomized to {drug} or placebo in a 1:1 ratio.",
    "The primary endpoint was the change from baseline in {measure} at week {n}.",
    "{measure} was assessed by a blinded assessor at baseline and at every study visit.",
    "Adverse events were graded according to CTCAE version {v}.0 and coded with MedDRA.",
    "Overall survival was defined as the time from randomization to death from any cause.",
    "Participants who discontinued treatment were followed for survival every {n} weeks.",
    "{drug} was administered {route} at a dose of {dose} mg/m2 on Day 1 of each {n}-day cycle.",
    "The study enrolled {pop} {cond} who had failed at least one prior line of therapy.",
    "Missing values were imputed using the last observation carried forward (LOCF) method.",
    "A higher score indicates a worse outcome; the scale ranges from 0 to {big}.",
    "Response was evaluated using RECIST version 1.1 by independent central review.",
    "Blood samples were collected pre-dose and at {n} hours after dosing to measure {measure}.",
    "The {measure} was calculated as the mean of three consecutive measurements.",
    "Participants in the control arm received standard of care according to local guidelines.",
    "Dose escalation followed a standard 3+3 design starting at {dose} mg.",
    "Participants were stratified by region and by baseline {measure} before randomization.",
    "{pop_cap} {cond} received {drug} in combination with {drug2} until disease progression.",
    "Telephone follow-up was performed {n} weeks after the end of treatment.",
    "The percentage of participants with a clinically meaningful improvement of at least "
    "{n} points.",
    "Treatment continued until unacceptable toxicity, withdrawal of consent or study end.",
    "Each participant completed a diary documenting symptoms and use of rescue medication.",
)
BRIEF_TITLES = (
    "A Study of {D} in Participants With {C}",
    "Safety and Efficacy of {D} Compared With Placebo in Patients With {C}",
    "{D} for the Treatment of {C}: a Randomized Controlled Trial",
    "Effect of {D} on Symptoms and Quality of Life in Adults With {C}",
    "Evaluation of {D} Versus Standard of Care in {C}",
    "{D} in Combination With Chemotherapy for Patients With Previously Treated {C}",
    "Pharmacokinetics, Safety and Tolerability of {D} in Healthy Volunteers and Patients With {C}",
    "Long-term Extension Study of {D} in Patients With {C}",
    "Efficacy of {D} to Prevent Complications of {C} in Hospitalized Patients",
)
BRIEF_TITLES_OBSERVATIONAL = (
    "Observational Registry of Patients With {C} Treated With {D} in Routine Clinical Practice",
    "A Cohort Study of Long-term Outcomes in Patients With {C}",
    "Biomarkers of Disease Progression in {C}: a Prospective Observational Study",
    "Real-world Effectiveness of {D} in Patients With {C}",
    "Prevalence and Risk Factors of {C} in a Population-based Sample of Adults",
)
OFFICIAL_TITLES = (
    "A Phase {P}, Randomized, Double-Blind, Placebo-Controlled, Multicenter Study to Evaluate the "
    "Efficacy and Safety of {D} in Participants With {C}",
    "An Open-Label, Single-Arm, Multicenter Study of {D} in Patients With Relapsed or "
    "Refractory {C} Who Have Received at Least One Prior Therapy",
    "A Randomized Controlled Trial Comparing {D} With Standard Care for the Management of {C} in "
    "Adults: Effects on Clinical Outcomes, Quality of Life and Costs",
    "A Phase {P} Dose-Escalation and Dose-Expansion Study to Assess the Safety, Tolerability, "
    "Pharmacokinetics and Preliminary Efficacy of {D} in {C}",
    "Efficacy and Safety of {D} Versus Active Comparator in the Treatment of Moderate to "
    "Severe {C}: a 52-Week, Randomized, Parallel-Group Study",
)
OFFICIAL_TITLES_OBSERVATIONAL = (
    "A Prospective, Multicenter, Observational Cohort Study of Outcomes in Patients With {C} "
    "Receiving {D} in Routine Clinical Practice",
    "A Retrospective Chart Review of Treatment Patterns, Healthcare Resource Use and Outcomes in "
    "Patients Diagnosed With {C} Between 2010 and 2020",
    "Identification of Clinical and Molecular Biomarkers Predicting Disease Progression and "
    "Response to {D} in Patients With {C}: a Longitudinal Observational Study",
)
SHORT_TEXTS = {
    "limitations": (
        "Early termination leading to small numbers of participants analyzed.",
        "The study was not powered to detect differences between groups for secondary outcomes.",
        "Technical problems with data collection led to missing values for some participants.",
    ),
    "biospec": (
        "Whole blood, serum and plasma samples stored for future research.",
        "Tumor tissue and blood samples.",
        "Saliva samples for DNA extraction.",
        "Analysis of blood samples before and 4 weeks after vaccination.",
    ),
    "ipd_time_frame": (
        "Data will be available beginning 9 months and ending 36 months following article "
        "publication.",
        "Starting 6 months after publication, for 5 years.",
        "Within 12 months of study completion.",
    ),
    "ipd_access": (
        "Researchers who provide a methodologically sound proposal approved by an independent "
        "review committee.",
        "Qualified researchers through the sponsor's data sharing portal.",
        "Requests should be directed to the principal investigator; a data access agreement "
        "is required.",
    ),
    "groups_description": (
        "Comparison of each active dose with placebo.",
        "Active treatment versus control.",
        "The analysis compared the two treatment arms.",
        "Experimental arm versus comparator arm.",
    ),
    "method_description": (
        "Stratified by region and baseline disease severity.",
        "Model adjusted for baseline value.",
        "Two-sided test at the 0.05 significance level.",
        "Multiplicity was controlled with a hierarchical testing procedure.",
    ),
    "estimate_description": (
        "Hazard ratio below 1 favours the experimental arm.",
        "Difference calculated as experimental minus control.",
        "Estimated with a Cox proportional hazards model stratified by randomization factors.",
    ),
    "p_value_description": (
        "Threshold for significance at 0.05 level.",
        "Not adjusted for multiple comparisons.",
        "One-sided p-value from a stratified log-rank test.",
    ),
    "ni_description": (
        "Non-inferiority margin of 10 percentage points for the difference in response rates.",
        "Equivalence margin was set at plus or minus 0.4 for the difference in means.",
    ),
    "na_comment": (
        "Upper limit not estimable due to insufficient number of events.",
        "Not calculated because of the small number of participants.",
    ),
}

# Adverse events: MedDRA organ systems with a few of their terms, most frequent first.
ADVERSE_EVENTS_BY_ORGAN_SYSTEM = {
    "Gastrointestinal disorders": _items(
        "Nausea; Diarrhoea; Vomiting; Constipation; Abdominal pain; Dyspepsia;"
    ),
    "General disorders and administration site conditions": _items(
        "Fatigue; Pyrexia; Oedema peripheral; Asthenia; Injection site reaction; Chills;"
    ),
    "Nervous system disorders": _items(
        "Headache; Dizziness; Paraesthesia; Somnolence; Dysgeusia; Syncope;"
    ),
    "Infections and infestations": _items(
        "Nasopharyngitis; Upper respiratory tract infection; Urinary tract infection; "
        "Pneumonia; Sepsis; Influenza;"
    ),
    "Respiratory, thoracic and mediastinal disorders": _items(
        "Cough; Dyspnoea; Oropharyngeal pain; Pulmonary embolism; Epistaxis;"
    ),
    "Musculoskeletal and connective tissue disorders": _items(
        "Arthralgia; Back pain; Myalgia; Pain in extremity; Muscle spasms;"
    ),
    "Skin and subcutaneous tissue disorders": _items(
        "Rash; Pruritus; Alopecia; Dry skin; Erythema;"
    ),
    "Blood and lymphatic system disorders": _items(
        "Anaemia; Neutropenia; Thrombocytopenia; Febrile neutropenia; Leukopenia;"
    ),
    "Metabolism and nutrition disorders": _items(
        "Decreased appetite; Hypokalaemia; Hyperglycaemia; Dehydration; Hypomagnesaemia;"
    ),
    "Investigations": _items(
        "Alanine aminotransferase increased; Aspartate aminotransferase increased; "
        "Weight decreased; Blood creatinine increased; Neutrophil count decreased;"
    ),
    "Psychiatric disorders": _items("Insomnia; Anxiety; Depression; Confusional state;"),
    "Vascular disorders": _items("Hypertension; Hypotension; Deep vein thrombosis; Flushing;"),
    "Cardiac disorders": _items(
        "Atrial fibrillation; Tachycardia; Myocardial infarction; Cardiac failure;"
    ),
    "Renal and urinary disorders": _items("Acute kidney injury; Haematuria; Pollakiuria;"),
    "Injury, poisoning and procedural complications": _items(
        "Fall; Contusion; Infusion related reaction;"
    ),
    "Hepatobiliary disorders": _items("Hepatotoxicity; Cholecystitis; Hyperbilirubinaemia;"),
    "Eye disorders": _items("Vision blurred; Dry eye; Lacrimation increased;"),
    "Immune system disorders": _items("Hypersensitivity; Anaphylactic reaction;"),
    "Reproductive system and breast disorders": _items("Dysmenorrhoea; Erectile dysfunction;"),
    "Neoplasms benign, malignant and unspecified (incl cysts and polyps)": _items(
        "Malignant neoplasm progression; Basal cell carcinoma;"
    ),
    "Ear and labyrinth disorders": _items("Vertigo; Tinnitus;"),
    "Endocrine disorders": _items("Hypothyroidism; Hyperthyroidism;"),
}
# (organ system, term), round-robin over the organ systems: a study's terms are a run of
# consecutive entries (so never repeat within it) that spans many organ systems.
ADVERSE_EVENTS = tuple(
    (system, terms[rank])
    for rank in range(max(len(t) for t in ADVERSE_EVENTS_BY_ORGAN_SYSTEM.values()))
    for system, terms in ADVERSE_EVENTS_BY_ORGAN_SYSTEM.items()
    if rank < len(terms)
)
AE_TERMS_MAX = 40  # terms per study: 5 to 40 (fewer than ADVERSE_EVENTS, so all distinct)
AE_TIME_FRAMES = (
    "From first dose of study drug up to 30 days after the last dose (up to 2 years)",
    "Up to 52 weeks",
    "Adverse events were collected from signature of the informed consent form up to the "
    "final visit (Week 32)",
    "From randomization through end of study, an average of 1 year",
    "Baseline to Day 28",
    "Up to 5 years",
    "All-cause mortality, serious and other adverse events were collected throughout the "
    "study period (up to 24 months).",
)
AE_DESCRIPTIONS = (
    "Treatment-emergent adverse events: events that started or worsened on or after the first "
    "dose of study drug.",
    "The safety population included all participants who received at least one dose of study "
    "treatment.",
    "Adverse events were coded using MedDRA and graded according to CTCAE version 5.0.",
    "Participants were analyzed according to the treatment actually received.",
)
