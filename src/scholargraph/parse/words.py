"""Word lists used to tell a publication title from a person's name.

Owns data only. Every list is lowercase. The lists are deliberately small and curated: a word
belongs to COMMON_WORDS only if it is frequent in paper titles *and* is not plausibly a given
name or surname (so ``deep`` is in — "Deep Shah" is still read as a name because it has as many
name-like tokens as common words — but ``will``, ``mark``, ``young``, ``long``, ``king``, ``rich``,
``sharp``, ``grant``, ``hope``, ``field``, ``wood``, ``bell`` are left out).
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Capitalised function words that are strong title evidence. Excluded on purpose because they
# are also names or name parts: He, De, Do, An, Le, La, So, Will, Can, In, On, By, Li, Ma, Lu.
CAPITALISED_FUNCTION_WORDS = _words(
    """
    the of for and or nor but with without from via into onto over under through towards toward
    beyond across among between within upon about against is are was were be been being does did
    not no cannot could should would may might must shall we you it its our their this that
    these those what why how when where which who whom whose all any each every both more most
    less very such only also than using versus pour par sur dans avec sans les des une est sont
    """
)

# Name particles: allowed lowercase inside a name, between capitalised tokens.
PARTICLES = _words(
    """
    von van der den de del della delle dei degli da das do dos di du la le lo y e bin binti ibn
    bint al el ter ten zu af av st
    """
)

# Frequent title words that are not names (lowercase, singular and plural listed).
COMMON_WORDS = _words(
    """
    learning learner learners learn learns learned network networks neural model models modeling
    modelling momentum aware agency dependent frame frames deep training trained train transfer
    reinforcement representation representations generalization generalisation optimization
    optimisation optimizer optimizers gradient gradients descent stochastic continual lifelong
    algorithm algorithms algorithmic reasoning reasoner reasoners benchmark benchmarks dataset
    datasets data analysis theory theoretical dynamics dynamic control planning search game
    games agent agents policy policies reward rewards value values function functions activation
    activations attention transformer transformers recurrent recurrence recurrences
    convolutional graph graphs language languages vision visual video videos image images text
    speech audio memory memories sequence sequences state space spaces scale scaling efficient
    efficiency robust robustness sparse sparsity adaptive adaptation adapting inference
    prediction predictive generative generation diffusion adversarial contrastive supervised
    unsupervised self semi meta multi task tasks fine tuning tuned tune pre large small scalable
    mining generalizable loss losses plasticity empowerment mirror demon work pruning saturation
    neurons neuron layer layers linear nonlinear non stationary stationarity parameter
    parameters reset soft hard automatic action actions mechanistic interpretability
    interpretable explainable causal causality probabilistic bayesian variational approximate
    approximation estimation estimator uncertainty exploration exploitation curriculum curricula
    hallucination hallucinations facts knowledge study studies survey review introduction
    advances challenges challenge approach approaches method methods framework frameworks
    towards toward beyond understanding unpacking revisiting rethinking improving scaling
    measuring evaluating efficiently effective effectively simple simpler fast faster slow
    better optimal test time local global embedding embeddings token tokens first last context
    contextual prompt prompts prompting chain thought thoughts agentic greedy decision decisions
    making abilities ability emergent emergence compositional composition compute computational
    computing computation hardware systems system distributed parallel federated privacy private
    secure security attack attacks defense defenses certified verification formal logic symbolic
    neuro molecular molecule molecules protein proteins drug drugs chemistry physics biology
    clinical medical health healthcare robot robots robotic robotics manipulation navigation
    locomotion world worlds environment environments simulation simulator simulators offline
    online imitation inverse curiosity intrinsic motivation hierarchical hierarchy options skill
    skills discovery discovering discovered collapse compression temperature softmax positional
    encoding encodings encoder decoder autoencoder autoencoders rotary useful matters matter
    need needs all sharpness flatness minima minimization regularization normalization batch
    dropout initialization weight weights noise noisy label labels labeled unlabeled
    classification regression clustering detection segmentation tracking retrieval
    recommendation ranking translation summarization question questions answering dialogue chat
    instruction instructions alignment aligned preference preferences feedback human humans
    machine machines artificial intelligence intelligent cognitive biological plausible spiking
    synaptic cortex cortical perception sensory motor ensemble ensembles mixture experts expert
    routing gating gated gate gates kernel kernels tangent infinite width depth wide residual
    skip connections connection objective objectives reasoners recurrent equivariant
    equivariance invariant invariance symmetry symmetries geometric geometry topological
    manifold manifolds hyperbolic spectral signal signals frequency fourier wavelet physics
    informed operator operators differential equations equation solver solvers numerical
    continuous discrete quantized quantization low rank adapter adapters distillation teacher
    student students curriculum filter filters lists extrapolation length illusion stochasticity
    potholes navigating fundamental implicit explicit bias biases inductive relational modular
    solutions nets net implicitly overconfidence underconfidence criticism change mind minds
    choice choices initial acoustic acoustics another anything best blind bright broken buffer
    buffers calm clean counterfactual credit curious dark dense design designs different drift
    drifting early echo echoes enough everything fair few flat forgetful forgetting free frozen
    general gentle graceful gracefully hidden honest hungry late latent lazy lost lucky many
    much narrow nothing open other probe probes provable provably quickly quiet replay rough
    safe same shallow shift shifts silent slowly smart smooth something special stable strange
    surprising surprisingly tidal tiny unified universal unstable weather worse worst
    """
)

# Word endings that mark common nouns and never end a given name or surname in practice.
# (``-ing`` is left out: Xiangming, Fleming, Jing; ``-ings`` too: Hastings, Jennings.)
TITLE_SUFFIXES = ("tion", "tions", "sion", "sions", "ization", "isation", "ism", "isms", "ities")

# English derivational endings of adjectives, participles and nouns that end no given name or
# surname in practice, with the shortest word each is trusted on (``Clement`` and ``Vincent``
# are why ``-ment`` needs 8 letters and ``-ent`` is absent; ``-al``, ``-ic``, ``-ed``, ``-ers``
# are absent because of Agrawal, Jovanovic, Ahmed, Peters, and ``-izer``/``-iser`` because of
# Kaiser, Weiser; ``-able`` and ``-ical`` only after the letters that make adjectives, so not
# ``Constable`` nor a made-up ``Draical``).
TITLE_ENDINGS: tuple[tuple[str, int], ...] = (
    ("ized", 6), ("ised", 6), ("izing", 7), ("ising", 7),
    ("iable", 7), ("nable", 7), ("lable", 7), ("rable", 7), ("etable", 8), ("ctable", 8),
    ("ptable", 8), ("izable", 8), ("isable", 8), ("ible", 7),
    ("tive", 6), ("sive", 6), ("tives", 7), ("sives", 7), ("ional", 7), ("istic", 7),
    ("tical", 7), ("rical", 7), ("gical", 7), ("nical", 7), ("hical", 7), ("sical", 7),
    ("dical", 7), ("pical", 7), ("mical", 7), ("metric", 7), ("ular", 6),
    ("ated", 6), ("uted", 7), ("ured", 7), ("ified", 7),
    ("ment", 8), ("ments", 8), ("ology", 7), ("ous", 7),
)  # fmt: skip

# Bound prefixes of English compounds that start no name (``Multimodal``, ``Hypergraph``), with
# the shortest word each is trusted on. (``semi``, ``inter``, ``super`` start Seminara,
# Interlandi, Superti.)
TITLE_PREFIXES: tuple[tuple[str, int], ...] = (
    ("multi", 8),
    ("hyper", 8),
    ("pseudo", 8),
    ("quasi", 8),
)

# Endings of English plural nouns that surnames share (Planners / Peters, Priors / Connors,
# Embeddings / Hastings): such a word is evidence of nothing. (Not ``-ing``: pinyin given names
# such as Haoming end so, and a lone ``You`` or ``Fairing`` beside one would read as a title.)
NEUTRAL_ENDINGS: tuple[tuple[str, int], ...] = (("ers", 6), ("ors", 6), ("ings", 7))

# Job-title words that mark the title part of a position line (English and French).
JOB_WORDS = _words(
    """
    professor professeur professeure prof lecturer researcher researchers scientist scientists
    scientifique chercheur chercheuse engineer ingénieur ingénieure director directeur
    directrice head chair chaire fellow fellows postdoc postdoctoral postdoctorant
    postdoctorante student étudiant étudiante doctorant doctorante founder fondateur fondatrice
    cofounder co-founder ceo cto cso vp president président présidente vice manager lead
    principal senior staff associate assistant adjunct adjoint adjointe associé associée
    titulaire membre member dean doyen doyenne coordinator coordonnateur coordonnatrice advisor
    conseiller conseillère consultant responsable visiting invité invitée emeritus émérite
    affiliate affilié affiliée canada cifar
    """
)

# Words that mark an organization (first token of a position line with no job title).
ORG_WORDS = _words(
    """
    university université universite universidad universität universitat college collège
    institute institut instituto school école ecole polytechnique hospital hôpital centre center
    laboratory laboratoire lab labs inc corp corporation ltd llc gmbh google deepmind microsoft
    meta facebook amazon apple ibm nvidia mila openai anthropic samsung huawei department
    département faculty faculté foundation fondation research recherche
    """
)
