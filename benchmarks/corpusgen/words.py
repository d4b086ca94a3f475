"""Word lists for the synthetic corpus: name parts, title and abstract vocabulary, page labels.

Data only, written for this generator (nothing here is taken from the real captures). Name parts
are grouped by a loose regional *style* so that names have plausible letters and diacritics; the
diacritics are the ones the capture noise damages (acute, háček, breve, umlaut).
"""

from __future__ import annotations


def _w(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.strip().splitlines() if line.strip())


# ---------------------------------------------------------------------------------- given names

# (full form, nickname): the nickname is how some pages write the same person.
NICKNAMES: tuple[tuple[str, str], ...] = (
    ("Alexander", "Alex"), ("William", "Will"), ("Katherine", "Kate"), ("Elizabeth", "Liz"),
    ("Benjamin", "Ben"), ("Nicholas", "Nick"), ("Jonathan", "Jon"), ("Samuel", "Sam"),
    ("Christopher", "Chris"), ("Matthew", "Matt"), ("Joseph", "Joe"), ("Margaret", "Meg"),
    ("Jennifer", "Jenny"), ("Rebecca", "Becca"), ("Victoria", "Tori"), ("Anthony", "Tony"),
    ("Zachary", "Zach"), ("Timothy", "Tim"), ("Frederick", "Fred"), ("Theodore", "Ted"),
    ("Gregory", "Greg"), ("Jacqueline", "Jackie"), ("Abigail", "Abby"), ("Nathaniel", "Nate"),
    ("Maximilian", "Max"), ("Kimberly", "Kim"), ("Jessica", "Jess"), ("Gabriel", "Gabe"),
    ("Edward", "Ed"), ("Richard", "Rick"), ("Raymond", "Ray"), ("Leonard", "Leo"),
    ("Dorothy", "Dot"), ("Isabella", "Bella"), ("Valentina", "Vale"), ("Francesca", "Fran"),
)  # fmt: skip

GIVEN: dict[str, tuple[str, ...]] = {
    "anglo": _w(
        "Olivia Hannah Grace Eleanor Lucas Owen Isaac Julia Clara Ethan Naomi Ruth Simone Felix "
        "Miriam Vincent Irene Colin Fiona Gavin Helena Imogen Rowan Tessa Wendell Harriet Quentin "
        "Beatrice Caleb Delia Everett Flora Gideon Hazel Ingrid Jasper Lydia Marcus Nora Orson "
        "Piper Reuben Sadie Tobias Ursula Vera Wyatt Yvette Adele Bryce Corinne Damon Esme"
    ),
    "german": _w("Jürgen Jörn Käthe Sönke Björn Lüder Mareike Henrike Ulrich Gesine Till Malte"),
    "french": _w("Émile Hélène Joël Célia Gaëlle Loïc Zoé Aurélie Jérôme Noémie Anaïs Théo Renée"),
    "iberian": _w("Ramón Inés Sofía Joaquín Lucía Germán Tomás Begoña Martín Rocío Íñigo Jesús"),
    "hungarian": _w("Ágnes Bálint Csilla Gábor Réka Zsófia Dénes Tímea Károly Lőrinc Ábel"),
    "romanian": _w("Mădălina Cătălin Bogdana Ilinca Sorin Tudora Ovidiu Dănuț Irina Raluca"),
    "slavic": _w("Miloš Dušan Jiří Zdeněk Radoš Bożena Mirko Vesna Luka Milena Bojan Zoran"),
    "indic": _w("Ananya Bhavesh Devika Harshit Kiran Nandini Prakash Rohini Sameer Vikram Aditi"),
    "pinyin": (),  # built from syllables, see PINYIN_GIVEN
    "generic": (),  # built from syllables
}

PINYIN_ONSETS = _w("Zh Ch Sh X Q J L W Y H G K T D B M F N R S C Z")
PINYIN_RIMES = _w("ang eng ao ou an en ing ong ui un ai ei iu ian uan ie ue in a e u")
PINYIN_GIVEN_SYLLABLES = _w(
    "xiao hui jun lin ming ting yu wei jia hao yan qing rui zhi xin yi bo chen fei kai lei "
    "mei nan pei shu tian wen xue yao ze zhen"
)

GENERIC_ONSETS = _w("B C D F G H K L M N P R S T V Z Br Dr Gr Kr Tr St Th Sh")
GENERIC_VOWELS = _w("a e i o u a e o ai ei")
GENERIC_CODAS = ("", "", "", "n", "r", "l", "s", "m", "th", "nd", "rk")

# ---------------------------------------------------------------------------------- surnames

SURNAME_PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "anglo": (
        _w(
            "Ash Brad Cal Dun Fair Gil Hal Kel Lind Mar Nor Pem Ral Sel Thorn Wex Yar Bram Cort "
            "Dal Fen Hart Kins Lang Mort Pax Ross Stan Tul Wim"
        ),
        _w("wick ford ley ton by more well ridge son ham stead croft den ing ett low worth ard"),
    ),
    "german": (
        _w("Brö Mü Schä Kü Hö Wei Ste Lin Ro Ha Grü Fä Bü Lö Ze Tra"),
        _w("ckner llner fer hnel ssler rtig ndorf berg mann bach gel ther witz rich"),
    ),
    "french": (
        _w("Lef Dub Bél Mor Gir Lév Rou Cha Fré Bou Dé Ga Mé Pel Ver"),
        _w("èvre ois anger eau ard êque ssel vier chard dreau rier tier nel lon"),
    ),
    "iberian": (
        _w("Ibá Gar Mén Ló Fer Rodrí Sán Nú Agu Cas Orte Valde Bermú Cer"),
        _w("ñez cés dez pez tán guez chez rillo ado eira vera rón lla"),
    ),
    "hungarian": (
        _w("Vár Szé Ké Bá Fü Hor Mó Tó Gá Ré Kő Dö"),
        _w("konyi csi lási nyai rös thy di zsi falvi vári"),
    ),
    "romanian": (
        _w("Păt Văl Măr Stă Bră Căl Dră Ră Tă Mă Pă"),
        _w("ăucean escu eanu ăreanu ilă oiu ăsescu ărescu"),
    ),
    "slavic": (
        _w("Kov Mir Drag Vuk Zor Pet Rad Stan Bor Lub Mil Ned Ves Jar Dob Kra Sob Hor Vol"),
        _w("ević čić šek ński ska čuk žak ović evski ček šić ńczak ář"),
    ),
    "indic": (
        _w("Ana Bha Deva Harsh Kri Nand Pra Raj Sri Vik Gov Mad Sub Ven"),
        _w("ndran thy swamy nath pande ram murthy kar wal sekar rao bhat"),
    ),
}

STYLE_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("anglo", 20), ("generic", 18), ("pinyin", 14), ("german", 7), ("french", 8),
    ("iberian", 7), ("hungarian", 4), ("romanian", 4), ("slavic", 9), ("indic", 9),
)  # fmt: skip

# Lowercase particles ("von Name"); "y" joins two surnames ("Name y Name").
PARTICLES = ("von", "van", "van der", "de", "da", "di", "del", "de la", "van den")

# ---------------------------------------------------------------------------------- titles

TITLE_ADJ = _w(
    "Sparse Dense Efficient Scalable Robust Adaptive Hierarchical Implicit Stochastic Causal "
    "Contrastive Generative Recurrent Linear Equivariant Probabilistic Modular Continual Latent "
    "Differentiable Self-Supervised Multi-Agent Low-Rank Gated Structured Compositional Bayesian "
    "Spectral Geometric Federated Offline Online Hyperbolic Discrete Quantized Invariant "
    "Amortized Conditional Unsupervised Semi-Supervised Distributed Asynchronous Decentralized "
    "Interpretable Calibrated Certified Private Physics-Informed Multimodal Cross-Lingual "
    "Temporal Relational Symbolic Neuro-Symbolic Energy-Efficient Memory-Efficient"
)
TITLE_NOUN = _lines(
    """
    Attention
    Transformers
    Memory
    Representations
    Policies
    World Models
    Graph Networks
    Language Models
    Diffusion Models
    Optimizers
    Embeddings
    Priors
    Reward Models
    State Space Models
    Mixtures of Experts
    Kernels
    Autoencoders
    Agents
    Value Functions
    Tokenizers
    Normalizing Flows
    Energy-Based Models
    Hypernetworks
    Neural Operators
    Recurrent Units
    Vision Transformers
    Message Passing
    Adapters
    Routers
    Critics
    Planners
    Retrievers
    Verifiers
    Encoders
    Decoders
    Point Processes
    Gaussian Processes
    Slot Models
    Capsules
    Spiking Networks
    """
)
TITLE_TASK = _lines(
    """
    Continual Learning
    Offline Reinforcement Learning
    Protein Design
    Molecular Property Prediction
    Video Understanding
    Speech Recognition
    Machine Translation
    Program Synthesis
    Robotic Manipulation
    Climate Forecasting
    Medical Imaging
    Time Series Forecasting
    Question Answering
    Code Generation
    Drug Discovery
    Graph Classification
    Sequence Modeling
    Image Segmentation
    Active Learning
    Few-Shot Classification
    Causal Discovery
    Theorem Proving
    Dialogue Systems
    Anomaly Detection
    Multi-Task Learning
    Domain Adaptation
    Weather Prediction
    Traffic Forecasting
    Recommendation
    Long-Horizon Planning
    Object Detection
    Visual Navigation
    Symbolic Regression
    Text Summarization
    Music Generation
    Crystal Structure Prediction
    Single-Cell Analysis
    Legal Reasoning
    Sign Language Translation
    Satellite Imagery
    Wildlife Monitoring
    Materials Discovery
    Tabular Learning
    Audio Separation
    Mathematical Reasoning
    Instruction Following
    Tool Use
    Embodied Exploration
    Event Extraction
    Graph Generation
    """
)
TITLE_PHEN = _lines(
    """
    Plasticity Loss
    Catastrophic Forgetting
    Representation Collapse
    Overfitting
    Reward Hacking
    Mode Collapse
    Shortcut Learning
    Double Descent
    Emergent Abilities
    Oversmoothing
    Length Generalization
    Distribution Shift
    Spurious Correlations
    Calibration
    Sample Efficiency
    Memorization
    In-Context Learning
    Compositional Generalization
    Feature Learning
    Loss of Trainability
    Gradient Interference
    Dormant Neurons
    Attention Sinks
    Label Noise
    Benign Overfitting
    Implicit Bias
    Neural Collapse
    Sharpness
    Weight Decay
    Token Pruning
    Exposure Bias
    Model Merging
    Data Contamination
    Sycophancy
    Negative Transfer
    """
)
TITLE_GERUND = _w(
    "Learning Scaling Training Aligning Compressing Distilling Probing Pruning Steering "
    "Regularizing Benchmarking Rethinking Revisiting Understanding Measuring Improving "
    "Stabilizing Accelerating Evaluating Explaining Adapting Composing Sampling Tracking "
    "Forecasting Calibrating Editing Merging"
)
TITLE_STUDY = _lines(
    """
    A Controlled Study
    A Unified View
    A Survey
    A Theoretical Analysis
    An Empirical Study
    A Case Study
    Lessons Learned
    A Closer Look
    """
)
# Method names: PREFIX + SUFFIX, e.g. "VoxFormer".
METHOD_PREFIX = _w(
    "Gra Mem Flo Spar Tok Lum Quan Ret Hyp Cor Dyn Ada Neu Vox Syn Hel Kai Orb Pix Rho Tau Zeta "
    "Nim Astra Bolt Cir Dex Echo Fer Glo Iso Jet Kin Lex Mira Nova Opti Pro Quill Rex Sol Tera"
)
METHOD_SUFFIX = _w(
    "Net Former Mix Flow GAN Diff Prop Bench Lens Map Tune Gate Path Graph Mind Scope Fuse "
    "Loop Nav Seg Vec Wave"
)

# Version changes (v1 -> v2 of the same paper): words inserted before a noun phrase.
VERSION_FILLERS = _w("Full Fully Provably Simple Practical General")
# Near-identical titles of *different* papers: a domain suffix, or a content word swapped.
DOMAIN_SUFFIXES = _lines(
    """
    in Robotics
    for Healthcare
    in Vision
    for Language
    in Finance
    for Chemistry
    in the Wild
    for Edge Devices
    """
)
SWAPS: tuple[tuple[str, str], ...] = (
    ("Sparse", "Dense"), ("Offline", "Online"), ("Discrete", "Continuous"), ("Linear", "Nonlinear"),
    ("Supervised", "Unsupervised"), ("Local", "Global"), ("Private", "Public"),
    ("Vision", "Language"), ("Image", "Video"), ("Speech", "Music"), ("Protein", "Molecule"),
    ("Forecasting", "Nowcasting"), ("Detection", "Tracking"), ("Classification", "Regression"),
    ("Memory", "Attention"), ("Agents", "Planners"), ("Encoders", "Decoders"),
)  # fmt: skip

# ---------------------------------------------------------------------------------- abstracts

ABS_NOUN = _w(
    "models networks agents policies representations encoders optimizers planners transformers "
    "learners critics architectures systems predictors classifiers"
)
ABS_PROPERTY = _w(
    "robustness efficiency generalization calibration stability scalability interpretability "
    "sample-efficiency accuracy throughput"
)
ABS_VERB = _w(
    "improves stabilizes accelerates regularizes simplifies unifies generalizes compresses explains"
)
ABS_OPENERS = _lines(
    """
    {phen} remains a central challenge for {noun} trained on {task}.
    Recent work on {task} has shown that {adj} {noun} can match far larger baselines.
    Understanding {phen} in {adj} {noun} is essential for reliable {task}.
    Despite rapid progress, {noun} for {task} still suffer from {phen}.
    Many practical settings in {task} require {noun} that adapt without forgetting.
    """
)
ABS_BODY = _lines(
    """
    We propose {method}, a {adj} approach that {verb} the training of {noun}.
    Existing methods rely on {adj} {noun}, which limits their {prop}.
    Our analysis shows that {noun} trained with {adj} objectives exhibit {phen} early in training.
    We introduce a simple diagnostic that predicts {phen} before it harms {prop}.
    The key idea is to decouple the {prop} of the encoder from the capacity of the decoder.
    We derive a bound that relates {phen} to the spectrum of the {adj} feature map.
    Unlike prior work, {method} requires neither extra data nor a separate teacher model.
    We further show that the same mechanism {verb} {adj} {noun} on {task}.
    Theoretical results explain when the method helps and when it cannot.
    A careful ablation isolates the contribution of each component of {method}.
    """
)
ABS_RESULTS = _lines(
    """
    Experiments on {k} benchmarks show that {method} improves {prop} by {x}% on average.
    On {task}, {method} reaches the accuracy of strong baselines with {y} times fewer parameters.
    Across {k} tasks, our approach reduces {phen} while keeping {prop} unchanged.
    Empirically, {method} achieves a \\({y}\\times\\) speedup over standard training.
    We release code, checkpoints and a benchmark suite to support further work on {task}.
    """
)

# ---------------------------------------------------------------------------------- profile labels

MEMBERSHIPS: tuple[tuple[str, str], ...] = (
    ("Affiliate Member", "Membre affilié"),
    ("Core Academic Member", "Membre académique principal"),
    ("Core Industry Member", "Membre industriel principal"),
    ("Associate Industry Member", "Membre industriel associé"),
    ("Associate Academic Member", "Membre académique associé"),
)
DISTINCTIONS: tuple[tuple[str, str], ...] = (
    ("Canada CIFAR AI Chair", "Chaire en IA Canada-CIFAR"),
    ("Canada Research Chair", "Chaire de recherche du Canada"),
    ("Sloan Research Fellow", "Fellow de recherche Sloan"),
    ("Early Career Research Award", "Prix de carrière en début de recherche"),
)
JOB_TITLES: tuple[tuple[str, str], ...] = (
    ("Associate Professor", "Professeur agrégé"),
    ("Assistant Professor", "Professeure adjointe"),
    ("Full Professor", "Professeur titulaire"),
    ("Research Scientist", "Chercheur scientifique"),
    ("Senior Research Scientist", "Chercheuse scientifique principale"),
    ("Staff Research Scientist", "Chercheur scientifique sénior"),
    ("Research Engineer", "Ingénieur de recherche"),
    ("Adjunct Professor", "Professeur associé"),
    ("Postdoctoral Researcher", "Chercheur postdoctoral"),
    ("Director of Research", "Directrice de recherche"),
)
DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("Department of Computer Science", "Département d'informatique"),
    ("School of Computer Science", "École d'informatique"),
    ("Department of Mathematics and Statistics", "Département de mathématiques et de statistique"),
    ("Department of Electrical and Computer Engineering", "Département de génie électrique"),
    ("Department of Computer Science and Operations Research",
     "Département d'informatique et de recherche opérationnelle"),
)  # fmt: skip
# Organizations: (name, aggregator tag). Some are in ontology/organizations.ttl, most are not.
KNOWN_ORGS: tuple[tuple[str, str], ...] = (
    ("Université de Montréal", "udem"), ("McGill University", "mcgill"),
    ("Google DeepMind", "deepmind"), ("Microsoft Research", "microsoft"),
    ("Meta AI", "meta"), ("Stanford University", "stanford"), ("ETH Zurich", "eth"),
    ("University of Oxford", "oxford"), ("EPFL", "epfl"),
)  # fmt: skip
ORG_PLACES = _w(
    "Varnholt Lorvania Estrelle Kaskade Morrow Halvik Tessaly Brenmoor Quillon Ardent Sunmere "
    "Valdora Corvin Ostrava Linden Maribel"
)
ORG_PATTERNS: tuple[tuple[str, str], ...] = (
    ("University of {p}", "Université de {p}"),
    ("{p} Institute of Technology", "Institut de technologie de {p}"),
    ("{p} AI Lab", "{p} AI Lab"),
    ("{p} Research", "{p} Research"),
)
STUDENT_PROGRAMS: tuple[tuple[str, str], ...] = (
    ("PhD", "Doctorat"),
    ("Master's Research", "Maîtrise recherche"),
    ("Postdoctorate", "Postdoctorat"),
    ("Research Intern", "Stagiaire de recherche"),
)
STUDENT_ROLES: tuple[tuple[str, str], ...] = (
    ("Principal supervisor :", "Superviseur⋅e principal⋅e :"),
    ("Co-supervisor :", "Co-superviseur⋅e :"),
)
HEADINGS: dict[str, dict[str, str]] = {
    "en": {
        "topics": "Research Topics",
        "bio": "Biography",
        "students": "Current Students",
        "publications": "Publications",
        "see_more": "… (see more)",
    },
    "fr": {
        "topics": "Sujets de recherche",
        "bio": "Biographie",
        "students": "Étudiants actuels",
        "publications": "Publications",
        "see_more": "… (voir plus)",
    },
}

# ---------------------------------------------------------------------------------- aggregator

CATEGORIES: tuple[tuple[str, int], ...] = (
    ("LG", 40), ("CL", 14), ("CV", 14), ("AI", 8), ("RO", 4), ("NE", 4), ("ML", 5), ("IR", 3),
    ("CR", 2), ("MA", 2), ("SD", 2), ("HC", 2),
)  # fmt: skip
MONTHS = _w("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec")
